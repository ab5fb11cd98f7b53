// Article editor: tag suggestions (news/panels.py, newsroom/wagtail_hooks.py) become tags with one click.
(function () {
    "use strict";

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
        data.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken"));
        data.append("title", field("title"));
        data.append("summary", field("summary"));
        data.append("text", editorText());
        data.append("existing", currentTags().join(","));
        return fetch(panel.dataset.url, { method: "POST", body: data, credentials: "same-origin" })
            .then(function (response) {
                if (!response.ok) throw new Error("HTTP " + response.status);
                return response.json();
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
            refresh(panel).catch(function () {
                render(panel, []);
            }).finally(function () { button.disabled = false; });
        }
    });
})();
