"""The command line every Python interop client takes (PythonClient builds it): the gateway, the
user's key and known_hosts, then one cell and its arguments. Shared by paramiko_client.py and
asyncssh_client.py, which sit beside it."""
import argparse


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--host", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--known-hosts", required=True)
    sub = p.add_subparsers(dest="cell", required=True)
    e = sub.add_parser("exec")
    e.add_argument("command")
    sub.add_parser("pty")
    s = sub.add_parser("sftp")
    s.add_argument("local")
    s.add_argument("remote")
    s.add_argument("download")
    j = sub.add_parser("jump")
    j.add_argument("node")
    j.add_argument("node_known_hosts")
    j.add_argument("command")
    f = sub.add_parser("forward")
    f.add_argument("target_host")
    f.add_argument("target_port", type=int)
    f.add_argument("text")
    sub.add_parser("cipher")  # paramiko only: the negotiated server-to-client cipher and MAC
    return p.parse_args()
