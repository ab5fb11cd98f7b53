"""A short WebM clip drawn with Pillow, for the demo content and the tests.

No video encoder is needed: a lossy WebP picture *is* a VP8 key frame in a RIFF wrapper,
and Pillow writes WebP. Each frame is drawn, saved as WebP, its VP8 payload taken out and
written into a minimal WebM (Matroska) file as a key frame. Every browser that plays WebM
plays it (VP8). A few kilobytes a second at 320×180; nothing is committed to the
repository, the demo loader makes the file when it runs.
"""

import io
import struct

from PIL import Image, ImageDraw

# Matroska element ids (https://www.matroska.org/technical/elements.html).
EBML = b"\x1a\x45\xdf\xa3"
SEGMENT = b"\x18\x53\x80\x67"
INFO = b"\x15\x49\xa9\x66"
TRACKS = b"\x16\x54\xae\x6b"
TRACK_ENTRY = b"\xae"
CLUSTER = b"\x1f\x43\xb6\x75"
SIMPLE_BLOCK = b"\xa3"


def _size(length):
    # Always eight bytes: simple, and every reader accepts it.
    return bytes([0x01]) + length.to_bytes(7, "big")


def _element(element_id, payload):
    return element_id + _size(len(payload)) + payload


def _uint(element_id, value):
    return _element(element_id, value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def _float(element_id, value):
    return _element(element_id, struct.pack(">d", value))


def _string(element_id, value):
    return _element(element_id, value.encode("ascii"))


def vp8_key_frame(picture, quality=70):
    """The VP8 bitstream of `picture` encoded as a lossy WebP."""
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, format="WEBP", quality=quality, method=4)
    data = buffer.getvalue()
    offset = 12  # "RIFF" size "WEBP"
    while offset + 8 <= len(data):
        chunk, length = (
            data[offset : offset + 4],
            int.from_bytes(data[offset + 4 : offset + 8], "little"),
        )
        if chunk == b"VP8 ":
            return data[offset + 8 : offset + 8 + length]
        offset += 8 + length + (length & 1)
    raise ValueError("Pillow wrote no VP8 chunk")


def webm_from_frames(frames, fps=8):
    """A WebM file (bytes) showing `frames` (Pillow images of one size) at `fps`."""
    width, height = frames[0].size
    frame_ms = round(1000 / fps)
    header = _element(
        EBML,
        _uint(b"\x42\x86", 1)
        + _uint(b"\x42\xf7", 1)
        + _uint(b"\x42\xf2", 4)
        + _uint(b"\x42\xf3", 8)
        + _string(b"\x42\x82", "webm")
        + _uint(b"\x42\x87", 2)
        + _uint(b"\x42\x85", 2),
    )
    info = _element(
        INFO,
        _uint(b"\x2a\xd7\xb1", 1_000_000)  # timestamps in milliseconds
        + _float(b"\x44\x89", float(frame_ms * len(frames)))
        + _string(b"\x4d\x80", "dayuan")
        + _string(b"\x57\x41", "dayuan"),
    )
    tracks = _element(
        TRACKS,
        _element(
            TRACK_ENTRY,
            _uint(b"\xd7", 1)
            + _uint(b"\x73\xc5", 1)
            + _uint(b"\x83", 1)  # video
            + _uint(b"\x9c", 0)
            + _string(b"\x86", "V_VP8")
            + _element(b"\xe0", _uint(b"\xb0", width) + _uint(b"\xba", height)),
        ),
    )
    blocks = b"".join(
        # Track 1, time relative to the cluster, key frame.
        _element(SIMPLE_BLOCK, b"\x81" + struct.pack(">h", index * frame_ms) + b"\x80" + frame)
        for index, frame in enumerate(vp8_key_frame(picture) for picture in frames)
    )
    cluster = _element(CLUSTER, _uint(b"\xe7", 0) + blocks)
    return header + _element(SEGMENT, info + tracks + cluster)


def demo_frames(title="大院网", count=24, size=(320, 180)):
    """Frames of a moving bar over a colour that shifts, with a caption."""
    frames = []
    for index in range(count):
        shade = 40 + index * 6
        picture = Image.new("RGB", size, (170, 20 + shade // 2, shade // 3))
        draw = ImageDraw.Draw(picture)
        x = (index * size[0]) // count
        draw.rectangle([x, size[1] - 30, x + size[0] // 6, size[1] - 12], fill=(255, 220, 120))
        draw.text((16, 16), f"{index + 1:02d}", fill=(255, 255, 255))
        frames.append(picture)
    return frames


def demo_clip():
    """(WebM bytes, first frame): three seconds of the demo frames."""
    frames = demo_frames()
    return webm_from_frames(frames), frames[0]
