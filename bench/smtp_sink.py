"""A small SMTP server on loopback that keeps what it accepts, for tests and `make faults`.

It speaks just enough SMTP for Django's backend (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
QUIT) and can misbehave on purpose: `mode` "accept" (default), "hang" (never answers the
greeting: a frozen server), "lose_reply" (takes the whole message, then drops the
connection instead of answering the final dot: the message counts as accepted, the client
never hears it), "reject" (answers the final dot with 451).

Run alone: `python -m bench.smtp_sink PORT` prints one line per message received.
"""

import email
import socketserver
import sys
import threading
import time
from collections import Counter


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        sink: SMTPSink = self.server.sink
        if sink.mode == "hang":
            time.sleep(sink.hang_seconds)
            return
        self.reply("220 sink ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 go ahead")
                data = bytearray()
                while True:
                    chunk = self.rfile.readline()
                    if not chunk:
                        return  # the client left before the final dot: nothing accepted
                    if chunk == b".\r\n":
                        break
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                if sink.mode == "reject":
                    self.reply("451 try again later")
                    continue
                sink.accept(bytes(data))
                if sink.mode == "lose_reply":
                    return
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SMTPSink:
    """Start with `start()`, or use as a context manager; `messages` holds what it kept."""

    def __init__(self, port: int, *, mode: str = "accept", hang_seconds: float = 5.0):
        self.mode = mode
        self.hang_seconds = hang_seconds
        self.messages: list[email.message.Message] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.sink = self
        self.port = self._server.server_address[1]
        self.on_message = None

    def accept(self, data: bytes) -> None:
        message = email.message_from_bytes(data)
        with self._lock:
            self.messages.append(message)
        if self.on_message:
            self.on_message(message)

    @property
    def message_ids(self) -> list[str]:
        with self._lock:
            return ["".join(str(message["Message-ID"]).split()) for message in self.messages]

    def duplicates(self) -> int:
        """Messages received more than once (the same Message-ID), counting the extras."""
        return sum(count - 1 for count in Counter(self.message_ids).values() if count > 1)

    def start(self) -> "SMTPSink":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "SMTPSink":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":
    sink = SMTPSink(int(sys.argv[1]))
    sink.on_message = lambda message: print(message["Message-ID"], flush=True)  # noqa: T201
    sink.start()
    print(f"SMTP sink on 127.0.0.1:{sink.port}", flush=True)  # noqa: T201
    threading.Event().wait()
