"""Kernels forked from a warm template process: a client's kernel without a second of start-up.

A new IPython kernel is a new Python process that imports ipykernel, pandas, pyarrow, matplotlib
and this package before the first cell runs: about 0.9 s of CPU for every client of the batch.
A template process imports them once (per batch worker); each kernel is then a ``fork`` of it,
ready in milliseconds. Every client still gets a process of its own, with its own memory, that
dies with its report: the isolation of a freshly started kernel, without its imports.

The template starts no thread and opens no socket before it forks (ZeroMQ and the kernel's
threads start in the child), which is what makes ``fork`` safe here. It is used on Linux only,
and only for the interpreter's own ``python -m ipykernel_launcher`` command; otherwise, when the
template cannot start, or with ``CRMANALYSIS_FORK_KERNELS=0``, kernels start the usual way.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import select
import signal
import subprocess
import sys
import threading
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

__all__ = ["ForkProvisioner", "fork_kernel", "enabled"]

#: what the notebooks import, loaded once in the template
PRELOAD = ("numpy", "pandas", "pyarrow.parquet", "matplotlib", "matplotlib.pyplot", "matplotlib_inline.backend_inline",
           "ipykernel.kernelapp", "crmanalysis.notebook", "crmanalysis.baseline", "crmanalysis.targets",
           "crmanalysis.scorecard", "crmanalysis.activity", "crmanalysis.roi", "crmanalysis.plots", "crmanalysis.io")
_LAUNCHER = ["-m", "ipykernel_launcher"]

_lock = threading.Lock()
_template: subprocess.Popen | None = None
_broken = False


def enabled() -> bool:
    """Whether kernels are forked here (Linux, not switched off by ``CRMANALYSIS_FORK_KERNELS=0``)."""
    return sys.platform.startswith("linux") and os.environ.get("CRMANALYSIS_FORK_KERNELS", "1") != "0"


def fork_kernel(cmd: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> int | None:
    """Start the kernel command *cmd* as a fork of the template; its pid, or None to start it the usual way."""
    global _template, _broken
    if not enabled() or _broken or len(cmd) < 3 or cmd[1:3] != _LAUNCHER \
            or os.path.realpath(cmd[0]) != os.path.realpath(sys.executable):
        return None
    request = json.dumps({"argv": cmd[3:], "env": dict(env if env is not None else os.environ),
                          "cwd": cwd or os.getcwd()})
    with _lock:
        try:
            if _template is None or _template.poll() is not None:
                _template = _start_template()
            _template.stdin.write(request + "\n")
            _template.stdin.flush()
            return int(_read_line(_template, 30))
        except (OSError, ValueError, TimeoutError) as exc:
            print(f"crmanalysis: kernels start the usual way (the template process failed: {exc})", file=sys.stderr)
            _broken = True
            _stop_template()
            return None


def _start_template() -> subprocess.Popen:
    env = dict(os.environ)
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")    # as a kernel sets it
    proc = subprocess.Popen([sys.executable, "-c", "from crmanalysis.forkserver import _serve; _serve()"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True, close_fds=True)
    try:
        if _read_line(proc, 120) != "ready":
            raise ValueError("no ready signal")
    except BaseException:
        proc.kill()
        raise
    atexit.unregister(_stop_template)
    atexit.register(_stop_template)
    return proc


def _read_line(proc: subprocess.Popen, timeout: float) -> str:
    if not select.select([proc.stdout], [], [], timeout)[0]:
        raise TimeoutError(f"no answer in {timeout:.0f} s")
    line = proc.stdout.readline()
    if not line:
        raise OSError(f"the template exited ({proc.poll()})")
    return line.strip()


def _stop_template() -> None:
    global _template
    if _template is not None:
        try:
            _template.stdin.close()          # the template's loop ends at end of input
            _template.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            _template.kill()
        _template = None


# ------------------------------------------------------------------ in the template process
def _serve() -> None:
    """The template: import once, then fork one kernel per request line (``{"argv", "env", "cwd"}``)."""
    import importlib

    if sys.path and sys.path[0] in ("", os.getcwd()):    # as ipykernel_launcher: the kernel adds it back
        del sys.path[0]
    for name in PRELOAD:
        importlib.import_module(name)
    import gc

    gc.collect()
    gc.freeze()              # the imported modules are never garbage: a kernel's collections skip them
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)      # the system reaps the forked kernels
    reply = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)                                       # nothing printed can enter the replies
    reply.write("ready\n")
    reply.flush()
    for line in sys.stdin:
        req = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            reply.close()
            _kernel(req)
        reply.write(f"{pid}\n")
        reply.flush()


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
