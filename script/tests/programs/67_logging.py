import logging
import sys

log = logging.getLogger(__name__)
log.warning("no handler yet: %s", "last resort")
log.info("not shown")
logging.warning("root says %d", 42)
print(logging.getLogger() is logging.root, log.name, log.getEffectiveLevel(), logging.getLevelName(logging.INFO), logging.getLevelName(25))

logging.basicConfig(level=logging.DEBUG, stream=sys.stdout, format="%(levelname)-8s %(name)s %(funcName)s:%(lineno)d %(message)s", force=True)


def work(n):
    log.debug("working on %d", n)
    if n > 1:
        log.error("too big: %r", n)


work(1)
work(2)
child = logging.getLogger("app.db")
parent = logging.getLogger("app")
print(child.parent is parent, parent.parent is logging.root, child.getEffectiveLevel())
parent.setLevel(logging.ERROR)
child.warning("filtered by the parent's level")
child.error("shown, %s", "with args")
h = logging.StreamHandler(sys.stdout)
h.setFormatter(logging.Formatter("{name} | {levelname} | {message}", style="{"))
child.addHandler(h)
child.critical("twice: mine and root's")
child.propagate = False
child.critical("once")
try:
    1 / 0
except ZeroDivisionError:
    log.exception("division failed")
logging.getLogger("quiet").addHandler(logging.NullHandler())
log.info("%(a)s and %(b)s", {"a": 1, "b": 2})
log.log(logging.WARNING, "via log()")
logging.disable(logging.WARNING)
log.warning("disabled")
logging.disable(logging.NOTSET)
f = logging.Filter("app")
print(f.filter(logging.LogRecord("app.x", 10, "p", 1, "m", (), None)), f.filter(logging.LogRecord("apple", 10, "p", 1, "m", (), None)))
print(repr(log), repr(logging.root), logging.getLevelName("ERROR"))
for bad in (lambda: logging.getLogger().setLevel("LOUD"), lambda: logging.basicConfig(colour=True, force=True)):
    try:
        bad()
    except ValueError as e:
        print("ValueError", e)
