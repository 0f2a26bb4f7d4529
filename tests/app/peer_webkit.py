"""The app benchmark's peer: a bare WebKitGTK window (the engine Tauri uses
on Linux) showing one heading, with nothing of Afterword in it. Its first
paint and resident memory are the floor the desktop app stands on.

Prints `peer: first paint after N ms` (from the spawn time given as argv[1],
in seconds since the epoch) once two animation frames have run, then idles.
Run with Debian's python3 (python3-gi, gir1.2-webkit2-4.1).
"""

import sys
import time

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402

spawned = float(sys.argv[1])
content = WebKit2.UserContentManager()


def painted(*_):
    print(f"peer: first paint after {int((time.time() - spawned) * 1000)} ms", flush=True)


content.connect("script-message-received::paint", painted)
content.register_script_message_handler("paint")
view = WebKit2.WebView.new_with_user_content_manager(content)
window = Gtk.Window(title="WebKitGTK peer")
window.set_default_size(1200, 800)
window.add(view)
window.connect("destroy", Gtk.main_quit)
window.show_all()
view.load_html(
    "<h1>Peer</h1><script>requestAnimationFrame(() => requestAnimationFrame("
    "() => webkit.messageHandlers.paint.postMessage(1)))</script>",
    "about:blank",
)
Gtk.main()
