// Article editor: tag suggestions (news/panels.py, newsroom/wagtail_hooks.py) become tags with one click.
(function () {
    "use strict";

    // The endpoint refuses more (newsroom/suggestions.py MAX_SUGGESTION_TEXT); the keywords
    // of a long article are in its opening, so only that much is sent.
    var MAX_TEXT = 10000;

    function tagInput() {
        return document.querySelector("input[name='tags']");
    }

    function currentTags() {
        var input = tagInput();
        if (!input) return [];
        return input.value.split(",").map(function (tag) {
            return tag.trim().replace(/^"|"$/g, "");
        }).filter(Boolean);
    }

    function addTag(name) {
        var input = tagInput();
        if (!input || currentTags().indexOf(name) !== -1) return;
        // The tag field is jQuery tag-it (Wagtail's w-tag controller); its own API keeps
        // the visible chips and the hidden value in step.
        if (window.jQuery && window.jQuery(input).data("ui-tagit")) {
            window.jQuery(input).tagit("createTag", name);
        } else {
            input.value = currentTags().concat([name]).join(", ");
            input.dispatchEvent(new Event("change", { bubbles: true }));
        }
    }

    function editorText() {
        // Draftail renders each rich-text block as a contenteditable element.
        var parts = [];
        document.querySelectorAll(".public-DraftEditor-content").forEach(function (editor) {
            parts.push(editor.innerText);
        });
        document.querySelectorAll("[name$='-value-text']").forEach(function (field) {
            parts.push(field.value);
        });
        return parts.join("\n");
    }

    function showMessage(panel, message) {
        var list = panel.querySelector("[data-newsroom-tags-list]");
        var note = document.createElement("span");
        note.className = "help";
        note.textContent = message;
        list.textContent = "";
        list.appendChild(note);
    }

    function render(panel, tags) {
        var list = panel.querySelector("[data-newsroom-tags-list]");
        list.textContent = "";
        if (!tags.length) {
            var none = document.createElement("span");
            none.className = "help";
            none.textContent = "没有提取到新的关键词。";
            list.appendChild(none);
            return;
        }
        tags.forEach(function (tag) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "button button-small button-secondary";
            button.dataset.newsroomTag = tag;
            button.textContent = tag;
            list.appendChild(button);
            list.appendChild(document.createTextNode(" "));
        });
    }

    function refresh(panel) {
        var form = panel.closest("form");
        var data = new FormData();
        var field = function (name) {
            var element = form && form.querySelector("[name='" + name + "']");
            return element ? element.value : "";
        };
        var title = field("title").slice(0, MAX_TEXT);
        var summary = field("summary").slice(0, MAX_TEXT - title.length);
        data.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken"));
        data.append("page", panel.dataset.page || "");
        data.append("parent", panel.dataset.parent || "");
        data.append("title", title);
        data.append("summary", summary);
        // Two line breaks join the three fields on the server.
        data.append("text", editorText().slice(0, Math.max(0, MAX_TEXT - title.length - summary.length - 2)));
        data.append("existing", currentTags().join(","));
        return fetch(panel.dataset.url, { method: "POST", body: data, credentials: "same-origin" })
            .then(function (response) {
                return response.json().catch(function () { return {}; }).then(function (result) {
                    if (!response.ok) {
                        var problem = new Error("HTTP " + response.status);
                        problem.reason = result.error;  // the server's Chinese message
                        throw problem;
                    }
                    return result;
                });
            })
            .then(function (result) { render(panel, result.tags); });
    }

    document.addEventListener("click", function (event) {
        var suggestion = event.target.closest("[data-newsroom-tag]");
        if (suggestion) {
            addTag(suggestion.dataset.newsroomTag);
            suggestion.disabled = true;
            return;
        }
        var button = event.target.closest("[data-newsroom-tags-refresh]");
        if (button) {
            var panel = button.closest("[data-newsroom-tags]");
            button.disabled = true;
            refresh(panel).catch(function (problem) {
                showMessage(panel, problem.reason || "提取失败,请稍后再试。");
            }).finally(function () { button.disabled = false; });
        }
    });
})();
