"""Kernels forked from a warm template process: a client's kernel without a second of start-up.

A new IPython kernel is a new Python process that imports ipykernel, pandas, pyarrow, matplotlib
and this package before the first cell runs: about 0.9 s of CPU for every client of the batch.
A template process imports them once (one per batch, shared by its workers over a Unix socket);
each kernel is then a ``fork`` of it, ready in milliseconds. Every client still gets a process of
its own, with its own memory, that dies with its report: the isolation of a freshly started
kernel, without its imports.

The template starts no thread before it forks, and the child closes the template's socket first
(ZeroMQ and the kernel's threads start in the child): that is what makes ``fork`` safe here. It
is used on Linux only,
and only for the interpreter's own ``python -m ipykernel_launcher`` command; otherwise, when the
template cannot start, or with ``CRMANALYSIS_FORK_KERNELS=0``, kernels start the usual way.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

__all__ = ["ForkProvisioner", "Template", "fork_kernel", "use_shared", "enabled", "prestart"]

#: what the notebooks import, loaded once in the template
PRELOAD = ("numpy", "pandas", "pyarrow.parquet", "matplotlib", "matplotlib.pyplot", "matplotlib_inline.backend_inline",
           "ipykernel.kernelapp", "crmanalysis.notebook", "crmanalysis.analyses.baseline",
           "crmanalysis.analyses.targets", "crmanalysis.analyses.scorecard", "crmanalysis.analyses.findings",
           "crmanalysis.analyses.activity", "crmanalysis.analyses.roi", "crmanalysis.analyses.headline",
           "crmanalysis.plots", "crmanalysis.io")
_LAUNCHER = ["-m", "ipykernel_launcher"]

_lock = threading.Lock()
_own: Template | None = None          # the template this process started for itself
_shared: str | None = None            # or the socket of one its batch shares (see use_shared)
_broken = False


def enabled() -> bool:
    """Whether kernels are forked here (Linux, not switched off by ``CRMANALYSIS_FORK_KERNELS=0``)."""
    return sys.platform.startswith("linux") and os.environ.get("CRMANALYSIS_FORK_KERNELS", "1") != "0"


class Template:
    """A running template process: it forks kernels on requests to its Unix socket.

    It binds the socket before it imports, so a request made at once waits in the socket's queue
    until the imports are done. It ends when its starter closes its standard input (or dies).
    """

    def __init__(self) -> None:
        self._folder = tempfile.mkdtemp(prefix="crm-template-")          # private: mode 0700
        self.path = os.path.join(self._folder, "s")
        env = dict(os.environ)
        env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")    # as a kernel sets it
        self.proc = subprocess.Popen([sys.executable, "-c", f"from crmanalysis.forkserver import _serve; "
                                      f"_serve({self.path!r})"], stdin=subprocess.PIPE, env=env, close_fds=True)

    def alive(self) -> bool:
        """Whether the process still runs."""
        return self.proc.poll() is None

    def stop(self) -> None:
        """End the template (the kernels it forked end with it, within a second)."""
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
        shutil.rmtree(self._folder, ignore_errors=True)


def use_shared(path: str | None) -> None:
    """Fork this process's kernels from the template listening at *path* (a batch worker's set-up)."""
    global _shared
    _shared = path


def fork_kernel(cmd: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> int | None:
    """Start the kernel command *cmd* as a fork of the template; its pid, or None to start it the usual way."""
    global _broken
    if not enabled() or _broken or len(cmd) < 3 or cmd[1:3] != _LAUNCHER \
            or os.path.realpath(cmd[0]) != os.path.realpath(sys.executable):
        return None
    request = json.dumps({"argv": cmd[3:], "env": dict(env if env is not None else os.environ),
                          "cwd": cwd or os.getcwd()})
    try:
        return _request(_shared or _own_template(), request, timeout=120)
    except (OSError, ValueError) as exc:
        print(f"crmanalysis: kernels start the usual way (the template process failed: {exc})", file=sys.stderr)
        _broken = True
        return None


def prestart() -> None:
    """Start this process's template now: its imports then run while this process reads the exports.

    A single ``crmanalysis report`` otherwise waited for them (about 2 s) when its first kernel
    was asked for. Nothing happens where kernels are not forked or a batch shares its template.
    """
    global _broken
    if not enabled() or _broken or _shared is not None:
        return
    try:
        _own_template()
    except OSError as exc:
        print(f"crmanalysis: kernels start the usual way (the template process failed: {exc})", file=sys.stderr)
        _broken = True


def _own_template() -> str:
    """The socket of this process's own template, started (again) when it is not running."""
    global _own
    with _lock:
        if _own is None or not _own.alive():
            if _own is not None:
                _own.stop()                  # its socket folder
            _own = Template()
            atexit.unregister(_stop_own)
            atexit.register(_stop_own)
        return _own.path


def _request(path: str, request: str, timeout: float) -> int:
    end = time.monotonic() + timeout
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)                     # the first answer waits for the template's imports
        while True:
            try:
                s.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > end:     # a template just started binds its socket in a moment
                    raise
                time.sleep(0.01)
        s.sendall(request.encode() + b"\n")
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = s.recv(64)
            if not chunk:
                raise OSError("the template closed the connection")
            answer += chunk
    return int(answer)


def _stop_own() -> None:
    global _own
    if _own is not None:
        _own.stop()
        _own = None


# ------------------------------------------------------------------ in the template process
def _serve(path: str) -> None:
    """The template: listen at *path*, import once, then fork one kernel per request (``{"argv", "env", "cwd"}``)."""
    import gc
    import importlib

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    if sys.path and sys.path[0] in ("", os.getcwd()):    # as ipykernel_launcher: the kernel adds it back
        del sys.path[0]
    for name in PRELOAD:
        importlib.import_module(name)
    # the report texts, parsed once here rather than once in each kernel (about 0.1 s of CPU apiece)
    importlib.import_module("crmanalysis.texts").all_texts()
    gc.collect()
    gc.freeze()              # the imported modules are never garbage: a kernel's collections skip them
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)      # the system reaps the forked kernels
    os.dup2(2, 1)                                       # the kernels' own output goes where a kernel's would
    while True:
        ready = select.select([listener, 0], [], [])[0]
        if 0 in ready and not os.read(0, 1):           # the starter closed our input, or is gone
            break
        if listener in ready:
            conn, _ = listener.accept()
            with conn:
                req = json.loads(conn.makefile("rb").readline())
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:
                    listener.close()
                    conn.close()
                    _kernel(req)
                conn.sendall(f"{pid}\n".encode())


def _kernel(req: dict[str, Any]) -> None:
    """In the forked child: become the kernel ``python -m ipykernel_launcher <argv>`` would have started."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)   # the kernel's own subprocesses are waited for
        os.setsid()                                     # its own process group, as jupyter_client starts kernels
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.environ.clear()
        os.environ.update(req["env"])
        os.chdir(req["cwd"])
        import numpy as np

        np.random.seed()                                # fresh entropy, as a new process would have
        # it ends when the template does (the template ends with its batch worker)
        argv = [*req["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        sys.argv = [sys.executable, *argv]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=argv)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:  # noqa: BLE001 - said on stderr, then the child ends
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


# ------------------------------------------------------------------ in the batch worker
class _Forked:
    """The part of :class:`subprocess.Popen` jupyter_client uses, for a kernel the template forked.

    The kernel is the template's child, not ours: it is watched by pid (``kill(pid, 0)``) and
    reaped by the system.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid, self.returncode = pid, None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -signal.SIGKILL
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        import time

        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired("kernel", timeout)
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        try:
            os.kill(self.pid, sig)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, launching through :func:`fork_kernel` when it can."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> dict[str, Any]:
        """Fork the kernel from the template; start it as a new process when that is not possible."""
        pid = fork_kernel(cmd, kwargs.get("env"), kwargs.get("cwd"))
        if pid is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _Forked(pid)
        self.pid = self.pgid = pid
        return self.connection_info

    async def kill(self, restart: bool = False) -> None:
        """Kill the kernel and return once it is gone (a few ms), so the manager does not sleep 0.1 s to see it."""
        await super().kill(restart)
        for _ in range(200):
            if self.process is None or self.process.poll() is not None:
                break
            await asyncio.sleep(0.002)

    async def wait(self) -> int | None:
        """As the local provisioner's, polling every 10 ms instead of 100 ms (a kernel ends in a few ms)."""
        while self.process is not None and await self.poll() is None:
            await asyncio.sleep(0.01)
        return await super().wait()
