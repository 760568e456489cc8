"""Loopback sockets for tests of servers that refuse or ignore connections."""

import socket
import threading


def free_port():
    """Return a loopback TCP port nothing listens on (as long as nothing takes it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SilentServer:
    """Accept connections on a loopback port and never answer: a hung server.

    ``connections`` counts the connections accepted.
    """

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self.accepted = []
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() up
        except OSError:
            pass
        self.listener.close()
        for connection in self.accepted:
            connection.close()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            self.accepted.append(connection)
