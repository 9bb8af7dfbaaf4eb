"""Websocket frames straight to the server.

Every message an ASGI app sends passes each middleware's send wrapper (session,
language cookie, error capture, the security-header hook). A websocket frame needs
none of them, and a snapshot goes out to thousands of sockets four times a second:
those layers were a fifth of the cost of a send. The server's entry point wraps the
app so that each websocket's scope carries the server's own ``send``, and live
sockets send their frames with it; where the app runs without that wrapper (the
test client), frames take the ordinary path.

Under ``eventday serve`` the scope also carries the connection itself
(``web.server.FrameWriter``), which writes an already-serialised frame at once, so
that the fan-out can reach every socket in one loop without awaiting any of them.
"""

from __future__ import annotations

from typing import Any, Protocol, cast

from litestar import WebSocket
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

SERVER_SEND = "eventday.server_send"
FRAME_WRITER = "eventday.frame_writer"


class Wire(Protocol):
    def write_frame(self, wire: bytes) -> bool:
        """Write a serialised frame now; False (nothing written) while the socket's
        write buffer is full or the socket is closing."""


def with_server_send(app: ASGIApp) -> ASGIApp:
    """``app``, with the server's ``send`` kept in every websocket's scope."""

    async def entry(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == ScopeType.WEBSOCKET:
            cast(dict[str, Any], scope)[SERVER_SEND] = send
        await app(scope, receive, send)

    return entry


def frame_sender(socket: WebSocket[Any, Any, Any]) -> Send:
    """The quickest way to send a message on this socket once it is accepted."""
    server_send = cast(dict[str, Any], socket.scope).get(SERVER_SEND)
    return cast(Send, server_send) if server_send is not None else socket.send


def frame_writer(socket: WebSocket[Any, Any, Any]) -> Wire | None:
    """The connection's synchronous frame writer, when the server provides one."""
    return cast("Wire | None", cast(dict[str, Any], socket.scope).get(FRAME_WRITER))
