"""One interop cell with asyncssh against the gateway: log in with the user's key, answer the
keyboard-interactive code prompt programmatically, then do what the cell asks. Run with Debian's
/usr/bin/python3 (python3-asyncssh). The code comes in the environment (JG_CODE), never argv.

Exit status: the remote command's for exec-like cells, 0 for the others, 1 on a failure (with
the reason on stderr), 2 on bad usage.
"""
import asyncio
import os
import sys
import warnings

warnings.simplefilter("ignore")  # Debian's asyncssh 2.10 warns about ciphers cryptography deprecated
import asyncssh  # noqa: E402
from interop_args import parse_args  # noqa: E402

TIMEOUT = 30.0


class CodeAnswerer(asyncssh.SSHClient):
    """Answers every keyboard-interactive prompt with the one-time code; offers no password."""

    def __init__(self):
        self.prompts = []

    def kbdint_auth_requested(self):
        return ""

    def kbdint_challenge_received(self, name, instructions, lang, prompts):
        self.prompts.extend(p for p, _ in prompts)
        return [os.environ["JG_CODE"] for _ in prompts]

    def password_auth_requested(self):
        return None


async def connect_gateway(args):
    answerer = CodeAnswerer()
    conn, _ = await asyncio.wait_for(asyncssh.create_connection(
        lambda: answerer, args.host, args.port, username=args.user, client_keys=[args.key],
        known_hosts=args.known_hosts, agent_path=None, preferred_auth="publickey,keyboard-interactive",
        password=None), TIMEOUT)
    sys.stderr.write("prompts: %s\n" % answerer.prompts)
    return conn


async def cell_exec(args, conn):
    r = await asyncio.wait_for(conn.run(args.command, stdin=asyncssh.DEVNULL), TIMEOUT)
    sys.stdout.write(r.stdout)
    return r.exit_status


async def cell_pty(args, conn):
    proc = await conn.create_process("stty size; read line; stty size", term_type="xterm", term_size=(80, 24))
    first = await asyncio.wait_for(proc.stdout.readline(), TIMEOUT)
    proc.change_terminal_size(120, 40)
    proc.stdin.write("\n")
    rest = await asyncio.wait_for(proc.stdout.read(), TIMEOUT)
    await asyncio.wait_for(proc.wait(), TIMEOUT)
    sys.stdout.write((first + rest).replace("\r", ""))
    return 0


async def cell_sftp(args, conn):
    async with conn.start_sftp_client() as sftp:
        await asyncio.wait_for(sftp.put(args.local, args.remote), TIMEOUT)
        await asyncio.wait_for(sftp.get(args.remote, args.download), TIMEOUT)
        await sftp.remove(args.remote)
    return 0


async def cell_jump(args, conn):
    async with asyncssh.connect(args.node, 22, tunnel=conn, username=args.user, client_keys=[args.key],
                                known_hosts=args.node_known_hosts, agent_path=None,
                                preferred_auth="publickey") as inner:
        r = await asyncio.wait_for(inner.run(args.command, stdin=asyncssh.DEVNULL), TIMEOUT)
        sys.stdout.write(r.stdout)
        return r.exit_status


async def cell_forward(args, conn):
    """ssh -L 127.0.0.1:0:HOST:PORT: asyncssh listens locally and opens direct-tcpip per connection."""
    listener = await asyncio.wait_for(conn.forward_local_port("127.0.0.1", 0, args.target_host, args.target_port),
                                      TIMEOUT)
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", listener.get_port()), TIMEOUT)
        writer.write(args.text.encode() + b"\n")
        line = await asyncio.wait_for(reader.readline(), TIMEOUT)
        writer.close()
    finally:
        listener.close()
    sys.stdout.write(line.decode())
    return 0


async def main(args):
    conn = await connect_gateway(args)
    try:
        cell = {"exec": cell_exec, "pty": cell_pty, "sftp": cell_sftp, "jump": cell_jump,
                "forward": cell_forward}[args.cell]
        return await cell(args, conn)
    finally:
        conn.close()
        await conn.wait_closed()



if __name__ == "__main__":
    arguments = parse_args()
    try:
        status = asyncio.run(main(arguments))
    except Exception as e:
        sys.stderr.write("%s: %s\n" % (type(e).__name__, e))
        sys.exit(1)
    sys.stdout.flush()
    sys.exit(status if status is not None else 255)
