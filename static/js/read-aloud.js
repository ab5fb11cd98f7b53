// 朗读: reads the article aloud with the browser's own speech synthesis (no outside
// service), in a Mandarin voice. Shown in 长辈版 only, and only where the browser has a
// zh-CN voice: a voice for another language would read Chinese text as nonsense.
(function () {
    "use strict";
    var box = document.querySelector("[data-read-aloud]");
    var synth = window.speechSynthesis;
    if (!box || !synth || !window.SpeechSynthesisUtterance) {
        return;
    }
    var toggle = box.querySelector("[data-read-aloud-toggle]");
    var stopButton = box.querySelector("[data-read-aloud-stop]");
    var LABELS = {idle: "朗读", speaking: "暂停", paused: "继续"};
    // Chromium stops one long utterance after about 15 seconds; short pieces read on.
    var PIECE = 120;
    var MANDARIN = /^(zh|cmn)([-_](hans|cn|hans[-_]cn))?$/i;
    var voice = null;
    var pieces = [];
    var state = "idle";
    var run = 0;

    function findVoice() {
        var voices = synth.getVoices() || [];
        var found = null;
        voices.forEach(function (candidate) {
            if (!found && MANDARIN.test(candidate.lang || "")) {
                found = candidate;
            }
        });
        voice = found;
        box.classList.toggle("read-aloud--ready", Boolean(voice));
    }

    function setState(next) {
        state = next;
        toggle.textContent = LABELS[state];
        stopButton.hidden = state === "idle";
    }

    // Title, summary and body, as the reader sees them, cut at sentence ends.
    function textPieces() {
        var parts = [];
        document.querySelectorAll(".article__title, .article__summary, .article__body").forEach(function (node) {
            node.innerText.split(/\n+/).forEach(function (line) {
                var sentences = line.trim().match(/[^。!?;!?;]+[。!?;!?;」”]*/g) || [];
                var current = "";
                sentences.forEach(function (sentence) {
                    if (current && current.length + sentence.length > PIECE) {
                        parts.push(current);
                        current = "";
                    }
                    current += sentence;
                });
                if (current.trim()) {
                    parts.push(current.trim());
                }
            });
        });
        return parts;
    }

    function speakNext(mine) {
        if (mine !== run) {
            return; // a stop or a new start came in between
        }
        if (!pieces.length) {
            setState("idle");
            return;
        }
        var utterance = new SpeechSynthesisUtterance(pieces.shift());
        utterance.lang = "zh-CN";
        utterance.voice = voice;
        utterance.rate = 0.9; // a little slower than the default, for older listeners
        utterance.onend = function () {
            speakNext(mine);
        };
        utterance.onerror = function (event) {
            if (event.error !== "interrupted" && event.error !== "canceled") {
                stop();
            }
        };
        synth.speak(utterance);
    }

    function start() {
        run += 1;
        synth.cancel();
        pieces = textPieces();
        setState("speaking");
        speakNext(run);
    }

    function stop() {
        run += 1;
        pieces = [];
        synth.cancel();
        setState("idle");
    }

    toggle.addEventListener("click", function () {
        if (state === "idle") {
            start();
        } else if (state === "speaking") {
            synth.pause();
            setState("paused");
        } else {
            synth.resume();
            setState("speaking");
        }
    });
    stopButton.addEventListener("click", function () {
        stop();
        toggle.focus();
    });
    // Leaving 长辈版 or the page ends the reading.
    document.addEventListener("dayuan:reading-mode", stop);
    window.addEventListener("pagehide", stop);

    findVoice();
    if (synth.addEventListener) {
        synth.addEventListener("voiceschanged", findVoice);
    }
})();
