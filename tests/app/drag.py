#!/usr/bin/python3
"""A drag source, as a file manager is: a small GTK window whose label,
dragged with the mouse, carries FILE as text/uri-list over the real XDND
protocol. The app suite moves the pointer with xdotool.

    drag.py FILE X Y     (prints "ready" once shown, "dropped" after a drag)
"""
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402

path, x, y = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
win = Gtk.Window(title="afterword-drag-source")
win.set_default_size(200, 120)
win.move(x, y)
box = Gtk.EventBox()
box.add(Gtk.Label(label="drag me"))
win.add(box)
box.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [Gtk.TargetEntry.new("text/uri-list", 0, 0)], Gdk.DragAction.COPY)
box.connect("drag-data-get", lambda _w, _ctx, data, _info, _time: data.set_uris([GLib.filename_to_uri(path, None)]))
box.connect("drag-end", lambda *_: print("dropped", flush=True))
win.connect("destroy", Gtk.main_quit)
win.show_all()
GLib.idle_add(lambda: print("ready", flush=True) and False)
Gtk.main()
