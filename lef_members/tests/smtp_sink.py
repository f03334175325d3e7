"""A mail server on loopback that takes every message and keeps it: for the few doors of Frappe
that send at once instead of queueing (the password reset), so a test sees the mail itself."""

import socketserver
import threading


class _Session(socketserver.StreamRequestHandler):
	def reply(self, line: str) -> None:
		self.wfile.write((line + "\r\n").encode())

	def handle(self) -> None:
		self.reply("220 sink")
		while line := self.rfile.readline():
			verb = line.decode(errors="replace").strip().split(" ")[0].upper()
			if verb == "DATA":
				self.reply("354 go on")
				lines = []
				while (body := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
					lines.append(body.decode(errors="replace"))
				self.server.messages.append("".join(lines))
				self.reply("250 kept")
			elif verb == "QUIT":
				self.reply("221 bye")
				return
			else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
				self.reply("250 ok")


class _Server(socketserver.ThreadingTCPServer):
	allow_reuse_address = True
	daemon_threads = True


class SmtpSink:
	"""``with SmtpSink(port) as sink:`` ... ``sink.messages`` (raw, in order)."""

	def __init__(self, port: int, host: str = "127.0.0.1"):
		self.server = _Server((host, port), _Session)
		self.server.messages = []
		self.messages = self.server.messages

	def __enter__(self):
		threading.Thread(target=self.server.serve_forever, daemon=True).start()
		return self

	def __exit__(self, *exc):
		self.server.shutdown()
		self.server.server_close()
