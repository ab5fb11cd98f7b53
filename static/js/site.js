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

// The comment form. The article page is cached and the same for every reader, so it
// holds only a link to the comment page; the form, with its CSRF token and captcha,
// is fetched from the server when the reader gets near it, and posted back the same way.
(function () {
    "use strict";
    var slot = document.querySelector("[data-comment-form-url]");
    if (!slot || !window.fetch || !window.FormData) {
        return;
    }
    var headers = {"X-Requested-With": "fetch"};
    var loading = false;

    function show(html, afterPost) {
        // A fragment our own templates rendered; the CSP keeps any script in it inert anyway.
        slot.innerHTML = html;
        wire(afterPost);
    }

    function fail(message) {
        var note = slot.querySelector(".comment-form__network");
        if (!note) {
            note = document.createElement("p");
            note.className = "comment-form__error comment-form__network";
            note.setAttribute("role", "alert");
            slot.insertBefore(note, slot.firstChild);
        }
        note.textContent = message;
    }

    function fragmentFrom(response) {
        // Anything but our form fragment (a CSRF failure page, a proxy error) is not shown.
        if (!response.headers.get("X-Comment-Form")) {
            throw new Error("status " + response.status);
        }
        return response.text();
    }

    function load() {
        if (loading) {
            return;
        }
        loading = true;
        fetch(slot.getAttribute("data-comment-form-url"), {credentials: "same-origin", headers: headers})
            .then(fragmentFrom)
            .then(show)
            .catch(function () {
                loading = false;  // the link to the comment page still works
            });
    }

    // A new challenge from the captcha library's refresh view. The fetched form comes
    // without one (each is a database row, most forms are never posted): the first is
    // asked for when the reader starts filling the form in.
    function refreshCaptcha(form, button, focusAnswer) {
        fetch(button.getAttribute("data-refresh-url"), {
            credentials: "same-origin",
            headers: {"X-Requested-With": "XMLHttpRequest"}
        }).then(function (response) {
            if (!response.ok) {
                throw new Error("status " + response.status);
            }
            return response.json();
        }).then(function (data) {
            form.querySelector("input[name=captcha_0]").value = data.key;
            var image = form.querySelector(".captcha__image");
            var pending = form.querySelector(".captcha__pending");
            if (!image) {
                image = document.createElement("img");
                image.className = "captcha__image";
                image.alt = "验证码图片:请输入图中的 6 个数字";
                image.width = 150;
                image.height = 44;
                pending.parentNode.replaceChild(image, pending);
            }
            image.src = data.image_url;
            // The spoken captcha reads the same challenge (its row, its key).
            var audio = form.querySelector(".captcha__audio");
            if (audio) {
                var player = audio.querySelector("audio");
                player.src = audio.getAttribute("data-audio-url").replace("KEY", data.key);
                audio.hidden = false;
            }
            form.querySelector("[data-captcha-deferred]").removeAttribute("data-captcha-deferred");
            var answer = form.querySelector("input[name=captcha_1]");
            answer.value = "";
            if (focusAnswer) {
                answer.focus();
            }
        }).catch(function () {
            fail("验证码没有加载成功,请稍后点“换一张验证码”重试。");
        });
    }

    function wire(afterPost) {
        var form = slot.querySelector("form.comment-form");
        if (!form) {
            return;
        }
        var refresh = form.querySelector(".comment-form__refresh");
        var submit = form.querySelector(".comment-form__submit");
        refresh.addEventListener("click", function (event) {
            event.preventDefault();
            refreshCaptcha(form, refresh, true);
        });
        if (form.querySelector("[data-captcha-deferred]")) {
            if (afterPost && !slot.querySelector(".comment-form__message")) {
                // A refused post: the reader is still at it, the next challenge at once.
                refreshCaptcha(form, refresh, false);
            } else {
                form.addEventListener("focusin", function first(event) {
                    if (event.target === refresh) {
                        return;  // its click asks for one itself
                    }
                    form.removeEventListener("focusin", first);
                    refreshCaptcha(form, refresh, false);
                });
            }
        }
        form.addEventListener("submit", function (event) {
            event.preventDefault();
            submit.disabled = true;
            fetch(form.action, {
                method: "POST",
                body: new FormData(form),
                credentials: "same-origin",
                headers: headers
            }).then(fragmentFrom).then(function (html) {
                show(html, true);
                var notice = slot.querySelector("[role=status], [role=alert]");
                var invalid = slot.querySelector("[aria-invalid=true]");
                if (notice) {
                    notice.setAttribute("tabindex", "-1");
                    notice.focus();
                } else if (invalid) {
                    // Its label and its error (aria-describedby) are read out with the focus.
                    invalid.focus();
                }
            }).catch(function () {
                submit.disabled = false;
                fail("评论没有提交成功(网络或页面已过期),请重试或刷新页面。");
            });
        });
    }

    if (window.IntersectionObserver) {
        var observer = new IntersectionObserver(function (entries) {
            if (entries.some(function (entry) { return entry.isIntersecting; })) {
                observer.disconnect();
                load();
            }
        }, {rootMargin: "600px 0px"});
        observer.observe(slot);
    } else {
        load();
    }
})();
