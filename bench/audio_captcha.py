"""`make bench-audio-captcha`: what a spoken captcha costs, and what noise and timing do.

For N random challenges (six digits, random keys, as the site issues them), measures:

1. the cost per request of /captcha/audio/<key>.wav's work: CPU (this process and the
   espeak-ng child), wall time and bytes, beside the image of the same challenge;
2. the signal-to-noise ratio of the file: the voiced parts' RMS against the noise alone
   in the silence before the first digit;
3. a naive attack: cut the file at its quiet frames (20 ms frames, a threshold over the
   noise floor) and count the pieces; where it finds six, an attacker is left with six
   single digits to classify, e.g. against espeak-ng's own renderings.

    python bench/audio_captcha.py [--n 100]
"""

import argparse
import io
import math
import os
import resource
import secrets
import statistics
import sys
import time
import wave
from array import array
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings.test")

FRAME_SECONDS = 0.02
MIN_PIECE_SECONDS = 0.06


def cpu_seconds():
    own = resource.getrusage(resource.RUSAGE_SELF)
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + child.ru_utime + child.ru_stime


def samples_of(wav_bytes):
    with wave.open(io.BytesIO(wav_bytes)) as wav:
        return array("h", wav.readframes(wav.getnframes())), wav.getframerate()


def rms(values):
    return math.sqrt(sum(v * v for v in values) / len(values)) if values else 0.0


def pieces(samples, rate, factor=3.0):
    """Runs of loud frames (RMS over `factor` × the quietest tenth's) of at least 60 ms."""
    size = int(FRAME_SECONDS * rate)
    energies = [rms(samples[i : i + size]) for i in range(0, len(samples) - size, size)]
    floor = sorted(energies)[len(energies) // 10] or 1.0
    loud = [energy > factor * floor for energy in energies]
    count, run = 0, 0
    for is_loud in [*loud, False]:
        if is_loud:
            run += 1
            continue
        if run * FRAME_SECONDS >= MIN_PIECE_SECONDS:
            count += 1
        run = 0
    return count


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()

    import django

    django.setup()
    from captcha.views import _captcha_image

    from comments import audio
    from comments.captcha import challenge

    if not audio.available():
        sys.exit("espeak-ng is not installed: apt-get install espeak-ng")

    rows = []
    for _ in range(args.n):
        key, (digits, _answer) = secrets.token_hex(20), challenge()
        cpu, wall = cpu_seconds(), time.perf_counter()
        wav = audio.render(key, digits)
        audio_wall, audio_cpu = time.perf_counter() - wall, cpu_seconds() - cpu

        class Store:  # what the library's image view reads
            challenge = digits

        cpu, wall = cpu_seconds(), time.perf_counter()
        png = _captcha_image(Store, 1).content
        image_wall, image_cpu = time.perf_counter() - wall, cpu_seconds() - cpu

        samples, rate = samples_of(wav)
        noise_rms = rms(samples[: int(0.25 * rate)])  # before the first digit (≥ 300 ms)
        # The voiced frames: the loudest third of 20 ms frames (six digits in about five
        # seconds fill a third to a half of the file).
        size = int(FRAME_SECONDS * rate)
        frames = sorted(
            (rms(samples[i : i + size]) for i in range(0, len(samples) - size, size)),
            reverse=True,
        )
        voiced_rms = rms(frames[: len(frames) // 3])
        rows.append(
            {
                "audio_cpu_ms": audio_cpu * 1000,
                "audio_wall_ms": audio_wall * 1000,
                "audio_bytes": len(wav),
                "seconds": len(samples) / rate,
                "image_cpu_ms": image_cpu * 1000,
                "image_wall_ms": image_wall * 1000,
                "image_bytes": len(png),
                "snr_db": 20 * math.log10(voiced_rms / noise_rms) if noise_rms else math.inf,
                "pieces": pieces(samples, rate),
            }
        )

    def line(name, unit=""):
        values = [row[name] for row in rows]
        return (
            f"{name:14} median {statistics.median(values):9.1f}{unit}"
            f"  p95 {percentile(values, 0.95):9.1f}{unit}"
            f"  min {min(values):9.1f}{unit}  max {max(values):9.1f}{unit}"
        )

    print(f"{args.n} challenges of six digits, espeak-ng {audio.espeak_path()}")
    for name in ("audio_cpu_ms", "audio_wall_ms", "audio_bytes", "seconds"):
        print(line(name))
    for name in ("image_cpu_ms", "image_wall_ms", "image_bytes", "snr_db"):
        print(line(name))
    six = sum(1 for row in rows if row["pieces"] == 6)
    print(f"{'pieces':14} cut into exactly six in {six}/{args.n} ({100 * six / args.n:.0f}%)")


if __name__ == "__main__":
    main()
