"""The spoken captcha (语音验证码): a challenge's digits read in Mandarin by espeak-ng, in noise.

django-simple-captcha's own audio view runs flite (English voices only) and sox, reads
the characters one by one and adds the same brown noise each time; it cannot speak
Mandarin. Here one espeak-ng run (Debian's `espeak-ng`, voice `cmn`) reads the digits
as SSML, each digit at its own pitch, rate and volume, with random pauses between
them, in a random voice variant; Python then adds noise at a random signal-to-noise
ratio and halves the sample rate. No other package, no temporary files.

Everything random is drawn from a generator seeded by an HMAC of the challenge's key:
asking again for the same key gives an attacker no second noise sample to average away.
(The view also keeps the rendered file for a moment, so that the browser's range requests
for one <audio> element cut the same bytes.)
"""

import hashlib
import io
import math
import random
import shutil
import subprocess
import sys
import wave
from array import array
from functools import lru_cache

from django.conf import settings
from django.utils.crypto import salted_hmac

HASH_SALT = "dayuan.comments.audio-captcha"
VOICES = ("m1", "m2", "m3", "m4", "f1", "f2", "f3", "f4")
TIMEOUT_SECONDS = 5


class AudioUnavailable(Exception):
    """espeak-ng is not installed (or not where DAYUAN_CAPTCHA_ESPEAK says) or failed."""


@lru_cache(maxsize=8)
def _resolve(command):
    return shutil.which(command) if command else None


def espeak_path():
    """The espeak-ng executable DAYUAN_CAPTCHA_ESPEAK names, or None if there is none."""
    return _resolve(settings.DAYUAN_CAPTCHA_ESPEAK)


def available():
    return espeak_path() is not None


def _generator(key):
    digest = salted_hmac(HASH_SALT, key, algorithm="sha256").digest()
    return random.Random(int.from_bytes(hashlib.sha256(digest).digest(), "big"))  # noqa: S311


def ssml(digits, rng):
    """The digits, each with its own prosody, separated by pauses of random length."""
    parts = []
    for digit in digits:
        parts.append(
            f'<prosody pitch="{rng.randint(-25, 25):+d}%" rate="{rng.randint(75, 115)}%"'
            f' volume="{rng.randint(80, 120)}%">{digit}</prosody>'
            f'<break time="{rng.randint(250, 750)}ms"/>'
        )
    return "<speak>" + "".join(parts) + "</speak>"


def _speak(text, voice):
    path = espeak_path()
    if path is None:
        raise AudioUnavailable("espeak-ng is not installed")
    try:
        done = subprocess.run(  # noqa: S603 - fixed executable, SSML of digits only
            [path, "-v", f"cmn+{voice}", "-m", "--stdout", text],
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise AudioUnavailable(str(error)) from error
    # espeak-ng writes a WAV header with an unknown length to a pipe; read what came.
    with wave.open(io.BytesIO(done.stdout)) as source:
        if source.getsampwidth() != 2 or source.getnchannels() != 1:
            raise AudioUnavailable("unexpected espeak-ng output")
        rate = source.getframerate()
        samples = array("h", source.readframes(len(done.stdout)))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples, rate


def _noise(count, rng):
    """White and brown noise, mixed, with zero mean and unit RMS."""
    # Uniform white noise from one call into C (rng.gauss per sample was half the cost).
    white = array("b", rng.randbytes(count))
    noise, brown = [], 0.0
    for value in white:
        brown = 0.98 * brown + 0.2 * value  # a leaky integrator: rumble, not only hiss
        noise.append(0.6 * value + brown)
    mean = sum(noise) / count
    rms = math.sqrt(sum((value - mean) ** 2 for value in noise) / count) or 1.0
    return [(value - mean) / rms for value in noise]


def _active_level(samples, rate):
    """RMS of the frames (20 ms) that hold speech: louder than a tenth of the loudest one."""
    size = rate // 50
    frames = [
        sum(value * value for value in samples[start : start + size]) / size
        for start in range(0, len(samples) - size + 1, size)
    ] or [1.0]
    loud = [power for power in frames if power > max(frames) / 100]
    return math.sqrt(sum(loud) / len(loud))


def render(key, digits):
    """A WAV file (bytes, 16-bit mono) of `digits` read for the challenge with this key."""
    rng = _generator(key)
    voice = rng.choice(VOICES)
    speech, rate = _speak(ssml(digits, rng), voice)
    # Half the sample rate (pairs averaged, a crude low-pass): speech stays clear, the file
    # is half the size.
    speech = [(speech[i] + speech[i + 1]) / 2 for i in range(0, len(speech) - 1, 2)]
    rate //= 2
    # espeak-ng skips a leading <break>: the silence before the first digit is added here.
    speech = [0.0] * int(rng.uniform(0.3, 0.8) * rate) + speech
    speech_rms = _active_level(speech, rate)
    snr_db = rng.uniform(*settings.DAYUAN_CAPTCHA_AUDIO_SNR_DB)
    scale = speech_rms / (10 ** (snr_db / 20))
    mixed = [
        speech_value + scale * noise_value
        for speech_value, noise_value in zip(speech, _noise(len(speech), rng), strict=True)
    ]
    peak = max(abs(value) for value in mixed) or 1.0
    gain = min(1.0, 30_000 / peak)
    pcm = array("h", (round(value * gain) for value in mixed))
    if sys.byteorder == "big":
        pcm.byteswap()
    out = io.BytesIO()
    with wave.open(out, "wb") as target:
        target.setnchannels(1)
        target.setsampwidth(2)
        target.setframerate(rate)
        target.writeframes(pcm.tobytes())
    return out.getvalue()
