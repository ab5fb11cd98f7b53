// 图文直播: asks for new entries every few seconds (data-poll-seconds, 15 by default) and
// shows them without a reload. The answer is the same kept JSON for every reader who is
// up to date (?since=<newest change they have>), so polling costs the server a cache hit.
(function () {
    "use strict";
    var list = document.querySelector("[data-live-entries]");
    if (!list || !window.fetch) {
        return;
    }
    var url = list.getAttribute("data-live-url");
    var since = list.getAttribute("data-since") || "0";
    var seconds = parseFloat(list.getAttribute("data-poll-seconds")) || 15;
    var status = document.querySelector("[data-live-status]");
    var timer = null;
    var stopped = false;

    function entryNodes() {
        var nodes = {};
        list.querySelectorAll("[data-entry-id]").forEach(function (node) {
            nodes[node.getAttribute("data-entry-id")] = node;
        });
        return nodes;
    }

    function fromHtml(html) {
        // HTML our own template rendered for this entry; the CSP keeps any script inert.
        var holder = document.createElement("template");
        holder.innerHTML = html.trim();
        return holder.content.firstElementChild;
    }

    function apply(data) {
        var nodes = entryNodes();
        var added = 0;
        data.entries.forEach(function (entry) {
            var node = fromHtml(entry.html);
            var key = String(entry.id);
            if (nodes[key]) {
                nodes[key].replaceWith(node);  // corrected by the editor
            } else {
                added += 1;
            }
            nodes[key] = node;
        });
        // The server's order (newest first) and only the entries still shown.
        var empty = list.querySelector("[data-live-empty]");
        if (empty && data.ids.length) {
            empty.remove();
        }
        data.ids.forEach(function (id) {
            var node = nodes[String(id)];
            if (node) {
                list.appendChild(node);
            }
        });
        var shown = entryNodes();
        Object.keys(shown).forEach(function (key) {
            if (data.ids.indexOf(parseInt(key, 10)) === -1) {
                shown[key].remove();  // deleted by the editor
            }
        });
        if (added && status) {
            status.textContent = "有" + added + "条新进展。";
        }
        since = String(data.since);
    }

    function poll() {
        timer = null;
        if (document.hidden) {
            return;  // asked again when the reader comes back
        }
        fetch(url + "?since=" + encodeURIComponent(since), {headers: {"Accept": "application/json"}})
            .then(function (response) {
                return response.ok ? response.json() : null;
            })
            .then(function (data) {
                if (data) {
                    apply(data);
                    if (data.closed) {
                        stopped = true;
                        if (status) {
                            status.textContent = "直播已结束,页面不再自动刷新。";
                        }
                        return;
                    }
                }
                schedule();
            })
            .catch(schedule);
    }

    function schedule() {
        if (timer === null && !stopped) {
            timer = window.setTimeout(poll, seconds * 1000);
        }
    }

    document.addEventListener("visibilitychange", function () {
        if (!document.hidden && timer === null && !stopped) {
            poll();
        }
    });
    schedule();
})();
