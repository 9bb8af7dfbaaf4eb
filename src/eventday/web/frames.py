"""Websocket frames straight to the server.

Every message an ASGI app sends passes each middleware's send wrapper (session,
language cookie, error capture, the security-header hook). A websocket frame needs
none of them, and a snapshot goes out to thousands of sockets four times a second:
those layers were a fifth of the cost of a send. The server's entry point wraps the
app so that each websocket's scope carries the server's own ``send``, and live
sockets send their frames with it; where the app runs without that wrapper (the
test client), frames take the ordinary path.
"""

from __future__ import annotations

from typing import Any, cast

from litestar import WebSocket
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

SERVER_SEND = "eventday.server_send"


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
