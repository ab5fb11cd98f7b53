// 长辈版 (large-print reading mode). Loaded without defer in <head>: it runs before the
// body is drawn, so the reader's choice (kept in localStorage) is applied with no flash and
// no layout shift. The page HTML stays the same for every reader (the page cache and the
// front cache keep working); only the class on <html> differs.
(function () {
    "use strict";
    var KEY = "dayuan-reading-mode";
    var ELDERLY = "elderly";
    var root = document.documentElement;
    var store = null;
    try {
        store = window.localStorage;
        store.getItem(KEY);
    } catch (error) {
        store = null; // storage turned off: the switch cannot remember, so it is not shown
    }
    if (!store) {
        return;
    }
    if (store.getItem(KEY) === ELDERLY) {
        root.classList.add(ELDERLY);
    }
    // The switch (templates/includes/header.html) is shown only where it can work.
    root.classList.add("reading-mode-ready");

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-reading-mode-switch]").forEach(function (button) {
            button.addEventListener("click", function () {
                var elderly = root.classList.toggle(ELDERLY);
                try {
                    if (elderly) {
                        store.setItem(KEY, ELDERLY);
                    } else {
                        store.removeItem(KEY);
                    }
                } catch (error) { /* still applied to this page */ }
                document.dispatchEvent(new CustomEvent("dayuan:reading-mode", {detail: {elderly: elderly}}));
            });
        });
    });
    // Another tab switched: follow it, so two open pages never disagree.
    window.addEventListener("storage", function (event) {
        if (event.key === KEY) {
            root.classList.toggle(ELDERLY, event.newValue === ELDERLY);
            document.dispatchEvent(new CustomEvent("dayuan:reading-mode", {detail: {elderly: event.newValue === ELDERLY}}));
        }
    });
})();
