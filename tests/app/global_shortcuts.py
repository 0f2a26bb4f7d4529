#!/usr/bin/python3
"""A stand-in for a desktop's GlobalShortcuts portal (GNOME 48+ and KDE
offer it; no portal backend in Debian 12 does), for the app suite's private
D-Bus session: it owns org.freedesktop.portal.Desktop and answers the
org.freedesktop.portal.GlobalShortcuts interface as xdg-desktop-portal
does — CreateSession and BindShortcuts through Request objects and their
Response signals, the version property — and appends each call to a
JSON-lines file. A test makes the desktop press a shortcut with

    gdbus call --session --dest org.freedesktop.portal.Desktop \\
      --object-path /org/freedesktop/portal/desktop \\
      --method org.afterword.TestDesktop.Press record

which emits GlobalShortcuts.Activated for the last session bound.

    global_shortcuts.py LOG_FILE      (Debian's python3-dbus and python3-gi)
"""
import json
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.portal.Desktop"
PATH = "/org/freedesktop/portal/desktop"
IFACE = "org.freedesktop.portal.GlobalShortcuts"
REQUEST = "org.freedesktop.portal.Request"
PROPERTIES = "org.freedesktop.DBus.Properties"
TEST = "org.afterword.TestDesktop"


def sender_path(sender):
    """A caller's unique name as portal object paths spell it (":1.23" -> "1_23")."""
    return str(sender).lstrip(":").replace(".", "_")


class Request(dbus.service.Object):
    """One request: answers once with Response, soon after the call returned."""

    def __init__(self, bus, path, results):
        super().__init__(bus, path)
        GLib.timeout_add(50, self.answer, results)

    def answer(self, results):
        self.Response(dbus.UInt32(0), results)
        return False

    @dbus.service.signal(REQUEST, signature="ua{sv}")
    def Response(self, response, results):
        pass

    @dbus.service.method(REQUEST, in_signature="", out_signature="")
    def Close(self):
        pass


class Session(dbus.service.Object):
    @dbus.service.method("org.freedesktop.portal.Session", in_signature="", out_signature="")
    def Close(self):
        pass


class Portal(dbus.service.Object):
    def __init__(self, bus, log):
        super().__init__(bus, PATH)
        self.bus = bus
        self.log = log
        self.objects = []
        self.session = None

    def note(self, entry):
        with open(self.log, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")

    def request(self, sender, options, results):
        path = f"{PATH}/request/{sender_path(sender)}/{options['handle_token']}"
        self.objects.append(Request(self.bus, path, results))
        return dbus.ObjectPath(path)

    @dbus.service.method(IFACE, in_signature="a{sv}", out_signature="o", sender_keyword="sender")
    def CreateSession(self, options, sender=None):
        session = f"{PATH}/session/{sender_path(sender)}/{options['session_handle_token']}"
        self.objects.append(Session(self.bus, session))
        self.session = session
        self.note({"call": "CreateSession", "session": session})
        return self.request(sender, options, {"session_handle": dbus.String(session)})

    @dbus.service.method(IFACE, in_signature="oa(sa{sv})sa{sv}", out_signature="o", sender_keyword="sender")
    def BindShortcuts(self, session, shortcuts, parent_window, options, sender=None):
        bound = []
        wanted = []
        for shortcut_id, info in shortcuts:
            trigger = str(info.get("preferred_trigger", ""))
            wanted.append({"id": str(shortcut_id), "description": str(info.get("description", "")), "preferred_trigger": trigger})
            bound.append(
                dbus.Struct(
                    (shortcut_id, {"description": info.get("description", ""), "trigger_description": dbus.String(trigger)}),
                    signature="sa{sv}",
                )
            )
        self.note({"call": "BindShortcuts", "session": str(session), "shortcuts": wanted})
        return self.request(sender, options, {"shortcuts": dbus.Array(bound, signature="(sa{sv})")})

    @dbus.service.signal(IFACE, signature="osta{sv}")
    def Activated(self, session_handle, shortcut_id, timestamp, options):
        pass

    @dbus.service.method(TEST, in_signature="s", out_signature="")
    def Press(self, shortcut_id):
        self.note({"call": "Press", "id": str(shortcut_id)})
        self.Activated(dbus.ObjectPath(self.session), shortcut_id, dbus.UInt64(0), dbus.Dictionary({}, signature="sv"))

    @dbus.service.method(PROPERTIES, in_signature="ss", out_signature="v")
    def Get(self, interface, prop):
        if interface == IFACE and prop == "version":
            return dbus.UInt32(1)
        raise dbus.exceptions.DBusException(f"no property {interface}.{prop}", name="org.freedesktop.DBus.Error.InvalidArgs")

    @dbus.service.method(PROPERTIES, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        return {"version": dbus.UInt32(1)} if interface == IFACE else {}


def main():
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    name = dbus.service.BusName(NAME, bus, do_not_queue=True)
    Portal(bus, sys.argv[1])
    print("ready", flush=True)
    GLib.MainLoop().run()
    del name


if __name__ == "__main__":
    main()
