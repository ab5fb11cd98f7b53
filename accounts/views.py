"""The answers that refuse a login or a reset request: 429, Retry-After, in Chinese.

Both are rendered from a small standalone template: they are what a flood of guesses
gets, so they must stay cheap, and the rate limit answers before the session and the
user are loaded.
"""

import math

from django.shortcuts import render

from axes.helpers import get_client_username

from . import lockouts

TEMPLATE = "accounts/login_refused.html"


def refused(request, wait, *, title, message):
    response = render(
        request,
        TEMPLATE,
        {"title": title, "message": message, "minutes": max(1, math.ceil(wait / 60))},
        status=429,
    )
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login is locked (accounts.lockouts)."""
    username = get_client_username(request, credentials)
    wait = lockouts.seconds_until_unlocked(username, request.axes_ip_address)
    wait = wait or int(lockouts.cool_off().total_seconds())
    return refused(
        request,
        wait,
        title="登录已暂时锁定",
        message=(
            "密码错误次数过多,此账号在您当前的网络地址上已暂时锁定。"
            "锁定到期后可以再试;如果急需登录,请联系网站管理员解除锁定。"
        ),
    )


def too_many_logins(request, wait):
    return refused(
        request,
        wait,
        title="登录尝试过于频繁",
        message="来自您当前网络地址的登录请求太多,请稍后再试。",
    )


def too_many_resets(request, wait):
    return refused(
        request,
        wait,
        title="重置密码请求过于频繁",
        message="来自您当前网络地址的重置密码请求太多,请稍后再试。",
    )
