"""MkDocs hook: each stylesheet and script is loaded only by the pages that use it.

A first visit downloads what the page links; the theme's own files are needed everywhere, the
rest is not:

- The calculator's script and stylesheet (docs/assets/calculator/) load on the page that holds
  the calculator (an element with id "lstm-calculator"), nowhere else. Its script sits at the
  end of the page's content, where Material's instant navigation runs it when a reader
  arrives from another page; the stylesheet goes in the head, which that navigation updates.
- The calculator's four source files ship as one script, in their order, without comments and
  blank space (rjsmin), named after its content. One file because the order matters: each
  file uses the ones before it, and the scripts Material's instant navigation inserts run in
  whatever order they arrive (as four files, code.js could run before model.js had defined
  what it reads, and the calculator never started).
- Plugins link their stylesheets from every page: markdown-exec's ANSI colours stay only where
  a block printed ANSI colours, mkdocstrings' only where it rendered API documentation; our
  figures' stylesheet (diagrams.css) only where there is a figure.
- Material's script, and the polyfills before it (`extra.polyfills`: the worker shim the site
  needs when opened from disk, and only then), start at the reader's first input: a click, a
  key, a mouse that moves, a wheel. Reading needs none of it: the article, the palette, the
  content tabs (Material's own line restores the chosen ones), the drawer and the search box's
  opening are HTML and CSS; what Material adds (search results, copy buttons, linked tabs, the
  table of contents that follows the scrolling, instant navigation) comes at the first input,
  and a phone reader who only swipes through the text downloads neither it nor the search index.
  Its start-up is a few hundred milliseconds of main thread on a phone; run at load, it was all
  of Lighthouse's blocking time. A line at the end of the body listens for that input, adds the
  scripts (in order), hands Material the document it would have had from DOMContentLoaded
  (`document$`), then replays what Material missed while it loaded: the change behind a clicked
  label (the palette switch, a content tab) and the keys pressed (its shortcuts). An address
  that asks for Material at once (a search to run, `?q=`, or a term to highlight, `?h=`; a
  content tab, `#__tabbed_…`) starts it after the first frame. The page's `no-js` class, which
  Material's script turns into `js`, is turned at once by a line in the head, so that the page
  has the layout the script would give it (without it the search button and the sidebars would
  move when the script runs). Likewise the palette: Material's own line after the palette switch
  restores a palette the reader chose; a line of ours after it applies, for a reader who never
  chose, the palette of their system's preference (dark or light), and shows the switch, as
  Material does when it starts, so that the first paint is already in the right colours.

Our own stylesheets and accessibility.js ship minified as well (rcssmin, rjsmin): a reader's
browser needs none of their comments, which explain why each rule is there.

A page matches an asset by a marker in its HTML. If a plugin stops linking its stylesheet, or
renames it, the build fails here rather than shipping a page that silently lost its styles.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import rcssmin
import rjsmin
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

# Our own assets, listed here rather than in mkdocs.yml's extra_css/extra_javascript.
CALCULATOR = re.compile(r'\bid="lstm-calculator"')
CALCULATOR_CSS = ("assets/calculator/calculator.css",)
# The calculator's sources, in the order they run: each uses the ones before it.
CALCULATOR_JS = ("assets/calculator/model.js", "assets/calculator/parse.js",
                 "assets/calculator/code.js", "assets/calculator/ui.js")
# Our own stylesheets and scripts, written to be read, ship without comments and blank space.
# (Not the vendored worker shim, minified already, whose licence comment stays.)
MINIFIED = ("assets/accessibility.css", "assets/diagrams.css", "assets/notebook.css",
            "assets/calculator/calculator.css", "assets/javascripts/accessibility.js")
# This build's one calculator script (on_files names it after its content).
calculator_script = {"path": None}

# Relative on pages, absolute (site_url's path) on the 404 page.
PREFIX = r'(?:[^"]*/)?'
BUNDLE = re.compile(r'<script src="' + PREFIX + r'assets/javascripts/bundle\.[0-9a-f]+\.min\.js">')

# Stylesheets plugins (and mkdocs.yml's extra_css) add to every page, and the marker of a page
# that needs each.
PLUGIN_CSS = {
    "assets/diagrams.css": re.compile(r'class="[^"]*\blstm-(?:diagram|figure)\b'),
    "assets/_markdown_exec_ansi.css": re.compile(r'class="[^"]*-Color-'),
    "assets/_mkdocstrings.css": re.compile(r'class="[^"]*\b(?:doc|doc-[\w-]+|mkdocstrings[\w-]*)\b'),
}


def link_tag(href: str) -> str:
    return f'<link rel="stylesheet" href="{href}">'


def linked(html: str, path: str) -> re.Pattern:
    """The <link> element of stylesheet `path` in `html`, however deep the page's URL."""
    return re.compile(r'[ \t]*<link rel="stylesheet" href="' + PREFIX + re.escape(path)
                      + r'(?:\?[^"]*)?"\s*/?>\n?')


def with_plugin_css_where_used(html: str, content: str) -> str:
    """`html` without the plugin stylesheets its `content` does not use.

    >>> page = '<head><link rel="stylesheet" href="../assets/_mkdocstrings.css"></head>'
    >>> with_plugin_css_where_used(page, '<p>Prose</p>')
    '<head></head>'
    >>> with_plugin_css_where_used(page, '<div class="doc doc-object">') == page
    True
    """
    for path, marker in PLUGIN_CSS.items():
        if not marker.search(content):
            html = linked(html, path).sub("", html)
    return html


def on_config(config):
    for name in ("extra_css", "extra_javascript"):
        listed = [str(getattr(item, "path", item)) for item in config[name]]
        both = set(listed) & set(CALCULATOR_CSS + CALCULATOR_JS)
        if both:
            raise PluginError(f"page_assets: {sorted(both)} load on the calculator page only; "
                              f"take them out of {name} in mkdocs.yml")
    return config


def joined_script(sources: list[tuple[str, str]]) -> str:
    r"""Scripts as one, in order, minified; a first line names the sources.

    >>> print(joined_script([("a.js", "/* A comment. */\nconst a = 1;\n"),
    ...                      ("b.js", "const b = `a  b`;  // kept: a template literal\n")]))
    /*! a.js b.js, minified */
    const a=1;const b=`a  b`;
    """
    names = " ".join(name for name, _ in sources)
    body = rjsmin.jsmin("\n".join(text for _, text in sources))
    return f"/*! {names}, minified */\n{body}\n"


def minified(path: str, text: str) -> str:
    r"""A stylesheet (rcssmin) or script (rjsmin) without its comments and blank space.

    >>> minified("a.css", "/* Why. */\n.a > b {\n  color: red;\n}\n")
    '.a>b{color:red}'
    >>> minified("a.js", "// Why.\nconst a = 1;\n")
    'const a=1;'
    """
    return rcssmin.cssmin(text) if path.endswith(".css") else rjsmin.jsmin(text)


def on_files(files, config):
    """Our stylesheets and scripts are minified. The calculator's sources leave the site; one
    script made from them takes their place."""
    for path in MINIFIED:
        file = files.get_file_from_path(path)
        if file is None:
            raise PluginError(f"page_assets: {path} is not in docs/")
        files.remove(file)
        files.append(File.generated(config, path, content=minified(
            path, Path(file.abs_src_path).read_text("utf-8"))))
    sources = [files.get_file_from_path(path) for path in CALCULATOR_JS]
    missing = [path for path, file in zip(CALCULATOR_JS, sources) if file is None]
    if missing:
        raise PluginError(f"page_assets: the calculator's {missing} are not in docs/")
    text = joined_script([(Path(file.src_uri).name, Path(file.abs_src_path).read_text("utf-8"))
                          for file in sources])
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    path = f"assets/calculator/calculator.{digest}.min.js"
    for file in sources:
        files.remove(file)
    files.append(File.generated(config, path, content=text))
    calculator_script["path"] = path
    return files


def on_page_content(html, page, config, files):
    if not CALCULATOR.search(html):
        return html
    src = get_relative_url(calculator_script["path"], page.url)
    return html + f'\n<script src="{src}" defer></script>'


JS_CLASS = '<script>document.documentElement.classList.replace("no-js","js")</script>'

# What starts Material: the reader's first click, key, mouse or pen movement or wheel turn. Not
# a touch that scrolls: a reader who only swipes through the text on a phone never needs it.
FIRST_INPUTS = ("click", "keydown", "pointerdown", "pointermove", "wheel")

# The radio buttons and checkboxes that are Material's: the palette switch, content tabs, and
# the drawer and search toggles.
REPLAYED = "[data-md-component=palette] input, .tabbed-set > input, [data-md-toggle]"

# Adds the scripts listed (Material's last; the polyfills only on a page opened from disk) at
# the reader's first input, or after the first frame when the address asks for Material at once
# (a search to run or a term to highlight, `?q=` and `?h=`; a content tab to open). Once they
# have run, hands Material the document if DOMContentLoaded, which Material listens for, passed
# before it ran (else Material has it from that event: exactly once either way), then replays
# what Material missed while it loaded: a change of each of its radio buttons (still checked: a
# later click, which Material saw itself, wins) and checkboxes clicked, or behind a clicked
# label, the last click last (the palette switch, a content tab: Material reads the stored
# palette when it starts, and links tabs only on a change) and the keys pressed (its shortcuts,
# "/" to search).
START_ON_FIRST_INPUT = """<script>(function(){
var loaded=false,started=false,clicked=[],keys=[],inputs=%(inputs)s;
document.addEventListener("DOMContentLoaded",function(){loaded=true});
function replay(){
clicked.forEach(function(control){if(control.type!=="radio"||control.checked)
control.dispatchEvent(new Event("change",{bubbles:true}))});
keys.forEach(function(key){if(!key.defaultPrevented)dispatchEvent(new KeyboardEvent("keydown",
{key:key.key,code:key.code,shiftKey:key.shiftKey,altKey:key.altKey,ctrlKey:key.ctrlKey,
metaKey:key.metaKey,bubbles:true,cancelable:true}))})}
function start(){
if(started)return;started=true;var s,sources=%(polyfills)s;
if(location.protocol!=="file:")sources=[];
sources.concat([%(bundle)s]).forEach(function(src){s=document.createElement("script");
s.src=src;s.async=false;document.body.appendChild(s)});
s.onload=function(){
inputs.forEach(function(type){removeEventListener(type,heard,true)});var later=function(){setTimeout(function(){setTimeout(replay)})};
if(loaded)setTimeout(function(){window.document$.next(document);later()});
else document.addEventListener("DOMContentLoaded",later)}}
function heard(event){
if(event.pointerType==="touch"&&event.type!=="click")return;
if(event.type==="keydown")keys.push(event);
if(event.type==="click"){var target=event.target,label=target.closest&&target.closest("label"),
control=label?label.control:target;
if(control instanceof HTMLInputElement&&control.matches(%(replayed)s)){
var at=clicked.indexOf(control);if(at>=0)clicked.splice(at,1);clicked.push(control)}}
start()}
inputs.forEach(function(type){addEventListener(type,heard,{capture:true,passive:true})});
var target=null;try{target=document.getElementById(decodeURIComponent(location.hash.slice(1)))}
catch(error){}
if(/[?&][hq]=/.test(location.search)||(target&&target.tagName==="INPUT"))
requestAnimationFrame(function(){setTimeout(start)})})()</script>"""


def first_input_loader(polyfills: list[str], bundle: str) -> str:
    """The inline script that starts `polyfills` and Material's `bundle` (URLs as the page
    has them) at the reader's first input.

    >>> loader = first_input_loader(["../shim.js"], "../bundle.1234.min.js")
    >>> '["../shim.js"]' in loader and '.concat(["../bundle.1234.min.js"])' in loader
    True
    """
    script = START_ON_FIRST_INPUT % {"inputs": json.dumps(list(FIRST_INPUTS)),
                                     "replayed": json.dumps(REPLAYED),
                                     "polyfills": json.dumps(polyfills),
                                     "bundle": json.dumps(bundle)}
    return script.replace("\n", "")


MATERIAL_PALETTE = re.compile(r'<script>var palette=__md_get\("__palette"\);.*?</script>')

# Material's start-up palette (components/palette watchPalette + mountPalette), before the
# first paint: the stored choice, else the first palette whose media query matches; the
# body takes its colours (Material's line above has set a stored one), and the switch shows
# the button that leaves it.
PALETTE_BEFORE_PAINT = (
    '<script>(function(){var inputs=document.querySelectorAll('
    '"[data-md-component=palette] .md-option");if(!inputs.length)return;'
    'var stored=__md_get("__palette"),index=stored?stored.index:[].findIndex.call(inputs,'
    'function(input){return matchMedia(input.getAttribute("data-md-color-media")).matches});'
    'index=Math.max(0,Math.min(index,inputs.length-1));'
    'if(!stored)["media","scheme","primary","accent"].forEach(function(key){'
    'document.body.setAttribute("data-md-color-"+key,'
    'inputs[index].getAttribute("data-md-color-"+key))});'
    '[].forEach.call(inputs,function(input,i){var label=input.nextElementSibling;'
    'if(label instanceof HTMLElement)label.hidden=i!==index})})()</script>')


def palette_before_first_paint(html: str) -> str:
    """`html` with the reader's palette applied by a line after Material's palette line.

    >>> page = '<form></form><script>var palette=__md_get("__palette");x()</script><main>'
    >>> palette_before_first_paint(page).endswith("</script>" + PALETTE_BEFORE_PAINT + "<main>")
    True
    """
    found = MATERIAL_PALETTE.search(html)
    if found is None:
        raise PluginError("page_assets: Material's palette script is not where this hook expects")
    return html[:found.end()] + PALETTE_BEFORE_PAINT + html[found.end():]


def theme_scripts_on_first_input(html: str, polyfills: list[str]) -> str:
    """`html` whose polyfills and Material's bundle start at the reader's first input.

    >>> page = ('<html class="no-js"><head><script src="../assets/shim.js"></script></head>'
    ...         '<body><script src="../assets/javascripts/bundle.1234.min.js"></script></body>')
    >>> out = theme_scripts_on_first_input(page, ["assets/shim.js"])
    >>> '<script src=' in out
    False
    >>> out.count("<script>(function(){var loaded=false,started=false")
    1
    >>> JS_CLASS in out[:out.index("</head>")]
    True
    """
    bundle = BUNDLE.search(html)
    if bundle is None or 'class="no-js"' not in html or "</head>" not in html:
        raise PluginError("page_assets: Material's bundle script or no-js class is not where "
                          "this hook expects")
    sources = []
    for path in polyfills:
        tag = re.compile(r'[ \t]*<script src="(' + PREFIX + re.escape(path) + r')"></script>\n?')
        found = tag.search(html, 0, bundle.start())
        if found is None:
            raise PluginError(f"page_assets: the polyfill {path} is not in the page's head")
        sources.append(found.group(1))
        html = html[:found.start()] + html[found.end():]
    bundle = re.compile(BUNDLE.pattern + "</script>").search(html)
    if bundle is None:
        raise PluginError("page_assets: Material's bundle script is not where this hook expects")
    loader = first_input_loader(sources, re.search(r'src="([^"]+)"', bundle.group()).group(1))
    html = html[:bundle.start()] + loader + html[bundle.end():]
    return html.replace("</head>", JS_CLASS + "</head>", 1)


def on_post_page(output, page, config):
    output = palette_before_first_paint(theme_scripts_on_first_input(
        output, [str(path) for path in config.extra.get("polyfills", [])]))
    content = page.content or ""
    if CALCULATOR.search(content):
        links = "".join(link_tag(get_relative_url(path, page.url)) for path in CALCULATOR_CSS)
        output = output.replace("</head>", f"{links}\n</head>", 1)
    for path in PLUGIN_CSS:
        if path in config.extra_css and not linked(output, path).search(output):
            raise PluginError(f"page_assets: {path} is no longer linked the way this hook "
                              f"expects; update docs/plugins/page_assets.py")
    return with_plugin_css_where_used(output, content)


def on_post_template(output, template_name, config):
    """The 404 page: no page content, so no plugin stylesheet."""
    if template_name != "404.html":
        return output
    output = palette_before_first_paint(theme_scripts_on_first_input(
        output, [str(path) for path in config.extra.get("polyfills", [])]))
    return with_plugin_css_where_used(output, "")
