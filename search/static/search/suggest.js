// Suggestions under a search box while the reader types (搜索建议): titles and tags from
// /search/suggest/, found by their characters, full pinyin or initials (xinzhou, xz, 忻州).
// The WAI-ARIA combobox pattern with a listbox popup: ArrowDown/ArrowUp move through the
// suggestions, Enter opens the one chosen, Escape closes the list, a click opens one too.
// Without this script (or with nothing chosen) the form submits to /search/ as before.
// While an input method is composing (拼音输入法), nothing is asked: the letters typed into
// the IME are not what the reader means, the characters chosen at compositionend are.
(function () {
    "use strict";
    if (!window.fetch || !window.URLSearchParams || !Element.prototype.closest) {
        return;
    }
    var DELAY = 150; // ms after the last keystroke
    var KIND_LABELS = {tag: "标签"};

    function enhance(form) {
        var input = form.querySelector("input[name=q]");
        var address = form.getAttribute("data-suggest-url");
        if (!input || !input.id || !address) {
            return;
        }
        var host = input.parentNode;
        var list = document.createElement("ul");
        var status = document.createElement("p");
        var items = [];
        var shownFor = null;
        var active = -1;
        var timer = null;
        var composing = false;
        var ticket = 0;
        var controller = null;
        var answers = {};

        list.id = input.id + "-suggestions";
        list.className = "suggestions";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", "搜索建议");
        list.hidden = true;
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        host.classList.add("suggest-host");
        host.appendChild(list);
        host.appendChild(status);
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", list.id);
        input.setAttribute("autocomplete", "off");

        function optionId(index) {
            return list.id + "-" + index;
        }

        function setActive(index) {
            if (active >= 0 && list.children[active]) {
                list.children[active].setAttribute("aria-selected", "false");
            }
            active = index;
            if (active >= 0) {
                var option = list.children[active];
                option.setAttribute("aria-selected", "true");
                input.setAttribute("aria-activedescendant", option.id);
                option.scrollIntoView({block: "nearest"});
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function close() {
            setActive(-1);
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
        }

        function open() {
            if (!items.length) {
                return;
            }
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
        }

        function show(query, suggestions) {
            shownFor = query;
            items = suggestions;
            setActive(-1);
            list.textContent = "";
            suggestions.forEach(function (suggestion, index) {
                var option = document.createElement("li");
                option.id = optionId(index);
                option.className = "suggestion suggestion--" + suggestion.kind;
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                option.setAttribute("data-index", String(index));
                if (KIND_LABELS[suggestion.kind]) {
                    var kind = document.createElement("span");
                    kind.className = "suggestion__kind";
                    kind.textContent = KIND_LABELS[suggestion.kind];
                    option.appendChild(kind);
                }
                option.appendChild(document.createTextNode(suggestion.text));
                list.appendChild(option);
            });
            status.textContent = suggestions.length ? suggestions.length + " 条搜索建议,可用上下方向键选择" : "";
            if (suggestions.length) {
                open();
            } else {
                close();
            }
        }

        function choose(index) {
            var suggestion = items[index];
            if (suggestion) {
                close();
                window.location.assign(suggestion.url);
            }
        }

        function ask() {
            var query = input.value.trim();
            if (!query) {
                show(query, []);
                return;
            }
            if (Object.prototype.hasOwnProperty.call(answers, query)) {
                show(query, answers[query]);
                return;
            }
            var mine = ++ticket;
            if (controller) {
                controller.abort();
            }
            controller = window.AbortController ? new AbortController() : null;
            fetch(address + "?" + new URLSearchParams({q: query}).toString(), {
                credentials: "same-origin",
                headers: {Accept: "application/json"},
                signal: controller ? controller.signal : undefined
            }).then(function (response) {
                return response.ok ? response.json() : null;
            }).then(function (data) {
                if (!data || !Array.isArray(data.suggestions)) {
                    return;
                }
                answers[query] = data.suggestions;
                // Only the answer to what is in the box now; an older one may arrive later.
                if (mine === ticket && input.value.trim() === query) {
                    show(query, data.suggestions);
                }
            }).catch(function () { /* no suggestions: the box still searches */ });
        }

        function later() {
            window.clearTimeout(timer);
            timer = window.setTimeout(ask, DELAY);
        }

        input.addEventListener("compositionstart", function () {
            composing = true;
            window.clearTimeout(timer);
        });
        input.addEventListener("compositionend", function () {
            composing = false;
            later();
        });
        input.addEventListener("input", function (event) {
            if (composing || event.isComposing) {
                return;
            }
            later();
        });
        input.addEventListener("focus", function () {
            if (shownFor !== null && shownFor === input.value.trim()) {
                open();
            }
        });
        input.addEventListener("keydown", function (event) {
            // Keys that move through an input method's own candidates are its, not ours.
            if (composing || event.isComposing || event.keyCode === 229) {
                return;
            }
            if (event.key === "ArrowDown") {
                event.preventDefault();
                if (list.hidden) {
                    open();
                } else if (items.length) {
                    setActive((active + 1) % items.length);
                }
            } else if (event.key === "ArrowUp") {
                event.preventDefault();
                if (!list.hidden && items.length) {
                    setActive(active <= 0 ? items.length - 1 : active - 1);
                }
            } else if (event.key === "Enter") {
                if (!list.hidden && active >= 0) {
                    event.preventDefault();
                    choose(active);
                }
            } else if (event.key === "Escape") {
                if (!list.hidden) {
                    event.preventDefault(); // keep the text: a search box would clear it
                    close();
                }
            }
        });
        input.addEventListener("blur", close);
        // A press on the list must not take the focus from the box (its blur would close it).
        list.addEventListener("mousedown", function (event) {
            event.preventDefault();
        });
        list.addEventListener("click", function (event) {
            var option = event.target.closest("[role=option]");
            if (option) {
                choose(Number(option.getAttribute("data-index")));
            }
        });
        list.addEventListener("mousemove", function (event) {
            var option = event.target.closest("[role=option]");
            if (option && Number(option.getAttribute("data-index")) !== active) {
                setActive(Number(option.getAttribute("data-index")));
            }
        });
    }

    document.querySelectorAll("form[data-suggest-url]").forEach(enhance);
})();
