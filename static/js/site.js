// Counts one view of the article being read. The page HTML may come from a cache,
// so the count is a separate, tiny request that always reaches the application.
(function () {
    "use strict";
    var article = document.querySelector("[data-hit-url]");
    if (!article || !window.fetch) {
        return;
    }
    fetch(article.getAttribute("data-hit-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: {"X-Requested-With": "fetch"},
        keepalive: true
    }).then(function (response) {
        return response.ok ? response.json() : null;
    }).then(function (data) {
        if (!data) {
            return;
        }
        document.querySelectorAll(".view-count").forEach(function (node) {
            node.textContent = String(data.count);
        });
    }).catch(function () { /* a lost count is not the reader's problem */ });
})();
