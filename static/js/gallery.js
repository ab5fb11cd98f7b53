// 图集: one photo at a time. Swipe on phones, the arrow keys on desktops, the 上一张 and
// 下一张 links and the thumbnails everywhere; the address follows the photo
// (history.replaceState), so what a reader shares or reloads is the photo they see. The
// server renders every photo's own address (<number>_<k>.html) complete, so without this
// script the links still step through the photos one page at a time.
(function () {
    "use strict";
    var gallery = document.querySelector("[data-gallery]");
    if (!gallery) {
        return;
    }
    var slides = Array.prototype.slice.call(gallery.querySelectorAll(".gallery__slide"));
    var previous = gallery.querySelector("[data-gallery-prev]");
    var next = gallery.querySelector("[data-gallery-next]");
    var position = gallery.querySelector("[data-gallery-position]");
    var thumbs = Array.prototype.slice.call(gallery.querySelectorAll("[data-gallery-thumb]"));
    var current = parseInt(gallery.getAttribute("data-current"), 10) || 1;
    // A swipe is a mostly sideways move of at least this many CSS pixels.
    var SWIPE = 40;

    function show(number, moveFocus) {
        if (number < 1 || number > slides.length || number === current) {
            return;
        }
        current = number;
        slides.forEach(function (slide, index) {
            slide.hidden = index !== number - 1;
        });
        position.textContent = String(number);
        previous.hidden = number === 1;
        next.hidden = number === slides.length;
        if (number > 1) {
            previous.href = slides[number - 2].getAttribute("data-photo-url");
        }
        if (number < slides.length) {
            next.href = slides[number].getAttribute("data-photo-url");
        }
        thumbs.forEach(function (thumb, index) {
            if (index === number - 1) {
                thumb.setAttribute("aria-current", "true");
            } else {
                thumb.removeAttribute("aria-current");
            }
        });
        var address = slides[number - 1].getAttribute("data-photo-url");
        if (window.history && window.history.replaceState) {
            window.history.replaceState(null, "", address + window.location.hash);
        }
        if (moveFocus) {
            (moveFocus.hidden ? gallery.querySelector("[data-gallery-prev]:not([hidden]), [data-gallery-next]:not([hidden])") : moveFocus).focus();
        }
    }

    function step(link, delta) {
        link.addEventListener("click", function (event) {
            if (event.ctrlKey || event.metaKey || event.shiftKey || event.button) {
                return; // a new tab or window: let the browser open the photo's address
            }
            event.preventDefault();
            show(current + delta, link);
        });
    }
    step(previous, -1);
    step(next, 1);

    thumbs.forEach(function (thumb) {
        thumb.addEventListener("click", function (event) {
            if (event.ctrlKey || event.metaKey || event.shiftKey || event.button) {
                return;
            }
            event.preventDefault();
            show(parseInt(thumb.getAttribute("data-gallery-thumb"), 10));
        });
    });

    document.addEventListener("keydown", function (event) {
        if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) {
            return;
        }
        var target = event.target;
        // Keys typed into the comment form, the search box or a player are theirs.
        if (target.closest && target.closest("input, textarea, select, audio, video, [contenteditable]")) {
            return;
        }
        if (event.key === "ArrowLeft") {
            show(current - 1);
        } else if (event.key === "ArrowRight") {
            show(current + 1);
        } else {
            return;
        }
        event.preventDefault();
    });

    // Pointer events cover touch, pen and mouse alike; `touch-action: pan-y` in the CSS
    // leaves vertical scrolling to the browser and sideways moves to this script.
    var track = gallery.querySelector("[data-gallery-slides]");
    var start = null;
    track.addEventListener("pointerdown", function (event) {
        if (event.isPrimary) {
            start = {x: event.clientX, y: event.clientY};
        }
    });
    track.addEventListener("pointercancel", function () {
        start = null;
    });
    track.addEventListener("pointerup", function (event) {
        if (!start || !event.isPrimary) {
            return;
        }
        var dx = event.clientX - start.x;
        var dy = event.clientY - start.y;
        start = null;
        if (Math.abs(dx) >= SWIPE && Math.abs(dx) > Math.abs(dy) * 1.5) {
            show(current + (dx < 0 ? 1 : -1));
        }
    });
    // A dragged picture would start the browser's own image drag instead.
    track.addEventListener("dragstart", function (event) {
        event.preventDefault();
    });
    gallery.classList.add("gallery--ready");
})();
