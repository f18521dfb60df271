"""One interop cell with paramiko against the gateway: log in with the user's key, answer the
keyboard-interactive code prompt programmatically, then do what the cell asks. Run with Debian's
/usr/bin/python3 (python3-paramiko). The code comes in the environment (JG_CODE), never argv.

Exit status: the remote command's for exec-like cells, 0 for the others, 1 on a failure (with
the reason on stderr), 2 on bad usage.
"""
import hashlib
import os
import socket
import sys

import paramiko
from interop_args import parse_args

TIMEOUT = 30.0


def load_key(path):
    errors = []
    for cls in (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey):
        try:
            return cls.from_private_key_file(path)
        except Exception as e:  # wrong type: try the next
            errors.append("%s: %s" % (cls.__name__, e))
    raise SystemExit("cannot load key %s: %s" % (path, "; ".join(errors)))


def check_host_key(transport, known_hosts, lookup):
    """StrictHostKeyChecking: the server's key must be in known_hosts under this name."""
    keys = paramiko.HostKeys(known_hosts)
    key = transport.get_remote_server_key()
    entry = keys.lookup(lookup)
    if entry is None or key.get_name() not in entry or entry[key.get_name()] != key:
        raise SystemExit("host key of %s not in %s: %s %s" % (lookup, known_hosts, key.get_name(), key.get_base64()))


def connect_gateway(args):
    sock = socket.create_connection((args.host, args.port), timeout=TIMEOUT)
    t = paramiko.Transport(sock)
    t.banner_timeout = TIMEOUT
    t.auth_timeout = TIMEOUT
    t.start_client(timeout=TIMEOUT)
    check_host_key(t, args.known_hosts, "[%s]:%d" % (args.host, args.port) if args.port != 22 else args.host)
    key = load_key(args.key)
    allowed = t.auth_publickey(args.user, key)
    if not t.is_authenticated():
        if "keyboard-interactive" not in allowed:
            raise SystemExit("after publickey the server allows only %s" % allowed)
        code = os.environ["JG_CODE"]
        prompts_seen = []

        def handler(title, instructions, prompts):
            prompts_seen.extend(p for p, _ in prompts)
            return [code for _ in prompts]

        t.auth_interactive(args.user, handler)
        sys.stderr.write("prompts: %s\n" % prompts_seen)
    if not t.is_authenticated():
        raise SystemExit("not authenticated")
    return t


def run(channel, command):
    channel.settimeout(TIMEOUT)
    channel.exec_command(command)
    out = b""
    while True:
        data = channel.recv(65536)
        if not data:
            break
        out += data
    status = channel.recv_exit_status()
    return out, status


def cell_exec(args, t):
    out, status = run(t.open_session(timeout=TIMEOUT), args.command)
    sys.stdout.buffer.write(out)
    return status


def cell_pty(args, t):
    ch = t.open_session(timeout=TIMEOUT)
    ch.settimeout(TIMEOUT)
    ch.get_pty(term="xterm", width=80, height=24)
    ch.exec_command("stty size; read line; stty size")
    out = b""
    while b"\n" not in out:
        data = ch.recv(1024)
        if not data:
            break
        out += data
    ch.resize_pty(width=120, height=40)
    ch.sendall(b"\n")
    while True:
        data = ch.recv(1024)
        if not data:
            break
        out += data
    ch.recv_exit_status()
    sys.stdout.write(out.decode().replace("\r", ""))
    return 0


def cell_sftp(args, t):
    sftp = paramiko.SFTPClient.from_transport(t)
    sftp.get_channel().settimeout(TIMEOUT)
    sftp.put(args.local, args.remote)
    sftp.get(args.remote, args.download)
    sftp.remove(args.remote)
    sftp.close()
    return 0


def cell_jump(args, t):
    ch = t.open_channel("direct-tcpip", (args.node, 22), ("127.0.0.1", 0), timeout=TIMEOUT)
    inner = paramiko.Transport(ch)
    inner.start_client(timeout=TIMEOUT)
    check_host_key(inner, args.node_known_hosts, args.node)
    inner.auth_publickey(args.user, load_key(args.key))
    if not inner.is_authenticated():
        raise SystemExit("the compute node did not accept the key")
    out, status = run(inner.open_session(timeout=TIMEOUT), args.command)
    sys.stdout.buffer.write(out)
    inner.close()
    return status


def cell_forward(args, t):
    ch = t.open_channel("direct-tcpip", (args.target_host, args.target_port), ("127.0.0.1", 0), timeout=TIMEOUT)
    ch.settimeout(TIMEOUT)
    ch.sendall(args.text.encode() + b"\n")
    got = b""
    while not got.endswith(b"\n"):
        data = ch.recv(1024)
        if not data:
            break
        got += data
    ch.close()
    sys.stdout.write(got.decode())
    return 0


def cell_cipher(args, t):
    """The cipher and MAC paramiko negotiated for what the server sends."""
    sys.stdout.write("%s MAC %s\n" % (t.remote_cipher, t.remote_mac))
    return 0


def main():
    args = parse_args()
    t = connect_gateway(args)
    try:
        status = {"exec": cell_exec, "pty": cell_pty, "sftp": cell_sftp, "jump": cell_jump,
                  "forward": cell_forward, "cipher": cell_cipher}[args.cell](args, t)
    finally:
        t.close()
    sys.stdout.flush()
    sys.exit(status)


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except Exception as e:
        sys.stderr.write("%s: %s\n" % (type(e).__name__, e))
        sys.exit(1)
