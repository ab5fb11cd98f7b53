// What a reader sees, measured from computed styles (tests/browser/test_reading_mode.py):
// every visible text's size, line height and contrast, and every link's and button's size.
// Returns {texts: [...], targets: [...]}, one entry per text node or target.
() => {
    "use strict";
    function visible(element) {
        if (!element.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) {
            return false;
        }
        const rect = element.getBoundingClientRect();
        // Off-screen (a skip link before focus, a honeypot) or clipped to a pixel (visually-hidden).
        return rect.width > 2 && rect.height > 2 && rect.right > 0;
    }
    function rgba(value) {
        const parts = value.match(/[\d.]+/g).map(Number);
        return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
    }
    function over(top, below) {
        const a = top.a;
        return {r: top.r * a + below.r * (1 - a), g: top.g * a + below.g * (1 - a), b: top.b * a + below.b * (1 - a), a: 1};
    }
    // The colour behind an element: its own and its ancestors' backgrounds, blended.
    function background(element) {
        const layers = [];
        for (let node = element; node; node = node.parentElement) {
            const style = getComputedStyle(node);
            if (style.backgroundImage !== "none") {
                return null; // text over a picture: not measurable from styles
            }
            const colour = rgba(style.backgroundColor);
            if (colour.a > 0) {
                layers.push(colour);
                if (colour.a === 1) {
                    break;
                }
            }
        }
        let result = {r: 255, g: 255, b: 255, a: 1};
        for (let i = layers.length - 1; i >= 0; i -= 1) {
            result = over(layers[i], result);
        }
        return result;
    }
    function luminance(c) {
        const channel = (v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
    }
    function contrast(element) {
        const style = getComputedStyle(element);
        const back = background(element);
        if (!back) {
            return null;
        }
        const fore = over(rgba(style.color), back);
        const [high, low] = [luminance(fore), luminance(back)].sort((x, y) => y - x);
        return (high + 0.05) / (low + 0.05);
    }
    function placeholderContrast(element) {
        const back = background(element);
        const fore = over(rgba(getComputedStyle(element, "::placeholder").color), back);
        const [high, low] = [luminance(fore), luminance(back)].sort((x, y) => y - x);
        return (high + 0.05) / (low + 0.05);
    }
    function describe(element) {
        let text = element.tagName.toLowerCase();
        if (element.id) {
            text += "#" + element.id;
        }
        if (element.classList.length) {
            text += "." + Array.from(element.classList).join(".");
        }
        return text;
    }

    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!node.textContent.trim() || seen.has(element) || !visible(element)) {
            continue;
        }
        if (element.closest("script, style, template, select, [aria-hidden=true]")) {
            continue;
        }
        seen.add(element);
        const style = getComputedStyle(element);
        const size = parseFloat(style.fontSize);
        texts.push({
            element: describe(element),
            text: node.textContent.trim().slice(0, 30),
            inArticleBody: Boolean(element.closest(".article__body")),
            fontSize: size,
            lineHeight: style.lineHeight === "normal" ? null : parseFloat(style.lineHeight) / size,
            contrast: contrast(element),
        });
    }
    // Form controls show text that is not a text node: their value or chosen option.
    document.querySelectorAll("input:not([type=hidden]), select, textarea, button").forEach((element) => {
        if (!visible(element) || seen.has(element)) {
            return;
        }
        const style = getComputedStyle(element);
        const size = parseFloat(style.fontSize);
        texts.push({
            element: describe(element),
            text: (element.value || element.placeholder || element.textContent || "").trim().slice(0, 30),
            inArticleBody: false,
            fontSize: size,
            // Chromium draws a closed <select> at line-height: normal whatever the CSS says
            // (even !important); it is one line, so the spacing between lines does not apply.
            lineHeight: element.tagName === "SELECT" ? 1.5 : style.lineHeight === "normal" ? null : parseFloat(style.lineHeight) / size,
            contrast: element.value || !element.placeholder ? contrast(element) : placeholderContrast(element),
        });
    });

    // A link inside a sentence is exempt from the target size (WCAG 2.5.5): its paragraph
    // has text of its own besides the link's. A list item is a row, never a sentence.
    function inSentence(link) {
        const block = link.parentElement.closest("p, td, dd, figcaption");
        if (block && block.closest("li")) {
            return false;
        }
        if (!block || link.closest("nav")) {
            return false;
        }
        const own = block.textContent.replace(link.textContent, "");
        return /[^\s::,,。、|()()]/.test(own);
    }
    // The width a full-width row may take: its containing block's content box.
    function rowWidth(element) {
        let box = element.parentElement;
        while (box && getComputedStyle(box).display.startsWith("inline")) {
            box = box.parentElement;
        }
        const style = getComputedStyle(box);
        return box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    }
    const targets = [];
    document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, [role=option]").forEach((element) => {
        if (!visible(element)) {
            return;
        }
        const rect = element.getBoundingClientRect();
        targets.push({
            element: describe(element),
            text: (element.textContent || element.value || "").trim().slice(0, 30),
            width: rect.width,
            height: rect.height,
            fullRow: rect.width >= rowWidth(element) - 1,
            inSentence: element.tagName === "A" && inSentence(element),
        });
    });
    return {texts, targets};
}
