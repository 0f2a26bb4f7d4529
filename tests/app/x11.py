#!/usr/bin/python3
"""What a window manager would do, for the app suite's bare Xvfb (which has
no window manager): ask a window to close the way a title bar's close
button does (WM_PROTOCOLS / WM_DELETE_WINDOW), and tell whether a window is
mapped and viewable. libX11 through ctypes, so nothing else is installed.

    x11.py close WINDOW       (decimal or 0x id)
    x11.py viewable WINDOW    (prints 1 or 0)
    x11.py grab KEY MASK      (holds a key grab, as another program's
                               hotkey does, until killed; prints "grabbed")
"""
import ctypes
import ctypes.util
import sys
import time

X = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
X.XOpenDisplay.restype = ctypes.c_void_p
X.XOpenDisplay.argtypes = [ctypes.c_char_p]
X.XInternAtom.restype = ctypes.c_ulong
X.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
X.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
X.XFlush.argtypes = [ctypes.c_void_p]
X.XCloseDisplay.argtypes = [ctypes.c_void_p]


class ClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]


class WindowAttributes(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
        ("border_width", ctypes.c_int), ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
        ("root", ctypes.c_ulong), ("class_", ctypes.c_int), ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int), ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p),
    ]


X.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(WindowAttributes)]
CLIENT_MESSAGE, IS_VIEWABLE = 33, 2
# A window that is gone is "not viewable", not a crash (the default handler exits).
ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(lambda _d, _e: 0)
X.XSetErrorHandler(ERROR_HANDLER)
X.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]


def grab(dpy, key, mask):
    """XGrabKey on the root window with exactly `mask` (X's modifier bits)."""
    X.XStringToKeysym.restype = ctypes.c_ulong
    X.XStringToKeysym.argtypes = [ctypes.c_char_p]
    X.XKeysymToKeycode.restype = ctypes.c_ubyte
    X.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    X.XDefaultRootWindow.restype = ctypes.c_ulong
    X.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    X.XGrabKey.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_int]
    code = X.XKeysymToKeycode(dpy, X.XStringToKeysym(key.encode()))
    X.XGrabKey(dpy, code, mask, X.XDefaultRootWindow(dpy), 1, 1, 1)  # GrabModeAsync
    X.XSync(dpy, 0)
    print("grabbed", flush=True)
    while True:
        time.sleep(3600)


def main():
    what = sys.argv[1]
    dpy = X.XOpenDisplay(None)
    if not dpy:
        sys.exit("x11.py: cannot open the display")
    if what == "grab":
        grab(dpy, sys.argv[2], int(sys.argv[3], 0))
    window = int(sys.argv[2], 0)
    if what == "close":
        ev = XEvent()
        ev.xclient.type = CLIENT_MESSAGE
        ev.xclient.window = window
        ev.xclient.message_type = X.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
        ev.xclient.format = 32
        ev.xclient.data[0] = X.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
        ev.xclient.data[1] = 0  # CurrentTime
        if not X.XSendEvent(dpy, window, 0, 0, ctypes.byref(ev)):
            sys.exit("x11.py: the close request was not sent")
        X.XFlush(dpy)
    elif what == "viewable":
        attrs = WindowAttributes()
        ok = X.XGetWindowAttributes(dpy, window, ctypes.byref(attrs))
        X.XSync(dpy, 0)
        print(1 if ok and attrs.map_state == IS_VIEWABLE else 0)
    else:
        sys.exit(f"x11.py: unknown command {what}")
    X.XCloseDisplay(dpy)


if __name__ == "__main__":
    main()
