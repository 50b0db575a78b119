#!/usr/bin/python3
"""A real SMTP server on loopback for the tests (Debian's python3-aiosmtpd): every message it accepts is written, as
received, to DIRECTORY/NNNN.eml, written under a temporary name and renamed so a reader never sees half a message.
Prints "listening PORT" once it accepts connections, and runs until its standard input closes or it is killed.

    /usr/bin/python3 tests/mail/smtp_sink.py DIRECTORY PORT
"""
import os
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            number = len([n for n in os.listdir(self.directory) if n.endswith('.eml')]) + 1
            path = os.path.join(self.directory, '%04d.eml' % number)
            with open(path + '.part', 'wb') as out:
                out.write(envelope.original_content or envelope.content)
            os.rename(path + '.part', path)
        return '250 Message accepted for delivery'


def main():
    directory, port = sys.argv[1], int(sys.argv[2])
    os.makedirs(directory, exist_ok=True)
    controller = Controller(Sink(directory), hostname='127.0.0.1', port=port)
    controller.start()
    print('listening %d' % port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == '__main__':
    main()
