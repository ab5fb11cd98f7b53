"""A progress bar for long imports: count, share, rate and time left."""

import time


class ProgressBar:
    """Redraws one line on a terminal; writes a line every few seconds into logs and pipes."""

    WIDTH = 24

    def __init__(self, stream, total=None, *, enabled=True, unit="篇", interval=None):
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.unit = unit
        self.count = 0
        self.started = time.monotonic()
        self.is_terminal = bool(getattr(stream, "isatty", lambda: False)())
        self.interval = interval if interval is not None else (0.1 if self.is_terminal else 5.0)
        self.last_drawn = 0.0
        self.drawn_count = -1

    @property
    def rate(self):
        elapsed = time.monotonic() - self.started
        return self.count / elapsed if elapsed > 0 else 0.0

    def step(self, amount=1):
        self.count += amount
        now = time.monotonic()
        if self.enabled and now - self.last_drawn >= self.interval:
            self.last_drawn = now
            self.draw()

    def line(self):
        rate = self.rate
        if self.total:
            share = min(self.count / self.total, 1.0)
            filled = int(share * self.WIDTH)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            left = (self.total - self.count) / rate if rate else 0
            minutes, seconds = divmod(int(left), 60)
            return (
                f"导入中 [{bar}] {self.count:,}/{self.total:,} {share:4.0%} "
                f"{rate:,.1f} {self.unit}/秒 剩余 {minutes}:{seconds:02d}"
            )
        return f"导入中 已处理 {self.count:,} {self.unit} {rate:,.1f} {self.unit}/秒"

    def draw(self):
        self.drawn_count = self.count
        if self.is_terminal:
            self.stream.write("\r" + self.line() + "\033[K")
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def close(self):
        if not self.enabled:
            return
        if self.drawn_count != self.count:
            self.draw()
        if self.is_terminal:
            self.stream.write("\n")
            self.stream.flush()
