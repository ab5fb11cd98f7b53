"""The two push protocols, spoken over the standard library's HTTP client.

Each `send_*` function posts one batch and reads the answer into a `BatchOutcome`: which
addresses were taken, which were refused one by one, and whether the whole batch should be
retried later (network error, 5xx, unreadable answer) or waits for tomorrow's quota. They
never raise for anything the other side does, and never put the token in a message: the
token is part of Baidu's request address, and urllib's errors may quote it.

No third-party HTTP client: two POSTs a minute at most do not earn a dependency.
"""

import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from news.addresses import absolute_url, site_root

TIMEOUT_SECONDS = 10
# An answer is a few hundred bytes; a bigger one is not worth the worker's memory.
MAX_ANSWER_BYTES = 64 * 1024
MESSAGE_LENGTH = 200
USER_AGENT = "Dayuan-push/1.0"


@dataclass
class BatchOutcome:
    sent: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)
    # Set when nothing in the batch was settled: the whole batch is tried again later.
    retry_reason: str = ""
    over_quota: bool = False
    # For the accepted rows, e.g. Baidu's remaining quota.
    note: str = ""


class _Answer:
    def __init__(self, status, body):
        self.status = status
        self.body = body

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None


def scrub(text, *secrets):
    """`text` made safe for the log: secrets masked, one line, bounded length."""
    text = " ".join(str(text).split())
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text[:MESSAGE_LENGTH]


def _post(url, body, content_type):
    """One POST; returns an `_Answer` for any HTTP status, or raises OSError for the network."""
    if urlsplit(url).scheme not in ("http", "https"):
        # The settings form refuses these; a row edited in the database must not open files.
        raise OSError("只能推送到 http 或 https 地址")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url,
        data=body,
        method="POST",
        headers={"Content-Type": content_type, "User-Agent": USER_AGENT},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return _Answer(response.status, response.read(MAX_ANSWER_BYTES))
    except urllib.error.HTTPError as error:
        with error:
            return _Answer(error.code, error.read(MAX_ANSWER_BYTES))


def _network_reason(error):
    if isinstance(error, (TimeoutError, socket.timeout)) or "timed out" in str(error):
        return f"连接超时({TIMEOUT_SECONDS} 秒无应答)"
    reason = getattr(error, "reason", error)
    if isinstance(reason, ConnectionRefusedError) or "refused" in str(reason):
        return "无法连接:对方拒绝连接"
    return f"无法连接:{reason}"


def _answer_text(answer):
    data = answer.json()
    if isinstance(data, dict) and data.get("message"):
        return str(data["message"])
    return answer.body.decode("utf-8", "replace")


def send_to_baidu(endpoint, site, token, urls):
    """Baidu 普通收录: POST one address a line to `<endpoint>?site=…&token=…`."""
    address = f"{endpoint}?{urlencode({'site': site, 'token': token})}"
    try:
        answer = _post(address, "\n".join(urls).encode("utf-8"), "text/plain")
    except OSError as error:
        return BatchOutcome(retry_reason=scrub(_network_reason(error), token))
    data = answer.json()
    if answer.status == 200 and isinstance(data, dict) and "success" in data:
        outcome = BatchOutcome()
        for key, label in (("not_same_site", "不属于百度站点"), ("not_valid", "百度认为地址无效")):
            refused = data.get(key) or []
            if isinstance(refused, list):
                for url in refused:
                    if url in urls:
                        outcome.rejected[url] = label
        outcome.sent = [url for url in urls if url not in outcome.rejected]
        remain = data.get("remain")
        if isinstance(remain, int):
            outcome.note = f"百度今日剩余配额 {remain}"
            outcome.over_quota = remain <= 0
        return outcome
    if answer.status == 200:
        return BatchOutcome(retry_reason="百度返回了无法识别的应答")
    text = scrub(_answer_text(answer), token)
    if answer.status == 400 and "quota" in text.lower():
        return BatchOutcome(over_quota=True, retry_reason="百度今日配额已用完,明天继续")
    if answer.status == 401:
        return BatchOutcome(retry_reason="百度拒绝了 token(401),请在 设置 → 搜索引擎推送 中检查")
    return BatchOutcome(retry_reason=scrub(f"百度返回 {answer.status}:{text}", token))


def indexnow_host():
    return urlsplit(site_root()).hostname or ""


def indexnow_key_location(key):
    return absolute_url(f"/{key}.txt")


def send_to_indexnow(endpoint, key, urls):
    """IndexNow: POST JSON {host, key, keyLocation, urlList}; 200 or 202 means taken."""
    payload = {
        "host": indexnow_host(),
        "key": key,
        "keyLocation": indexnow_key_location(key),
        "urlList": list(urls),
    }
    try:
        answer = _post(
            endpoint, json.dumps(payload).encode("utf-8"), "application/json; charset=utf-8"
        )
    except OSError as error:
        return BatchOutcome(retry_reason=scrub(_network_reason(error)))
    if answer.status in (200, 202):
        return BatchOutcome(sent=list(urls))
    if answer.status in (400, 422):
        reason = (
            "IndexNow 认为请求格式无效(400)"
            if answer.status == 400
            else "IndexNow 认为地址不属于本站或与密钥不符(422)"
        )
        return BatchOutcome(rejected=dict.fromkeys(urls, reason))
    if answer.status == 403:
        return BatchOutcome(retry_reason="IndexNow 未能验证密钥文件(403)")
    if answer.status == 429:
        return BatchOutcome(retry_reason="IndexNow 认为推送过于频繁(429)")
    return BatchOutcome(
        retry_reason=scrub(
            f"IndexNow 返回 {answer.status}:{answer.body.decode('utf-8', 'replace')}"
        )
    )
