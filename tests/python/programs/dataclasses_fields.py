# dataclasses: fields from annotations, generated __init__/__repr__/__eq__, order, frozen,
# defaults and default_factory, asdict/astuple/replace, inheritance.
import asyncio
from dataclasses import FrozenInstanceError, asdict, astuple, dataclass, field, fields, replace


@dataclass
class Job:
    name: str
    priority: int = 0
    tags: list = field(default_factory=list)

    def describe(self):
        return f"{self.name} (p{self.priority})"


@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0


@dataclass
class Timed(Job):
    seconds: float = 1.0

    def __post_init__(self):
        self.label = f"{self.name}:{self.seconds}"


@dataclass
class Result:
    job: Job
    ok: bool


async def run(job):
    await asyncio.sleep(0.01 * job.priority)
    return Result(job, job.priority < 2)


async def main():
    jobs = [Job("build", 2), Job("test", 1, ["fast"]), Job("lint")]
    print(jobs[0], jobs[1].tags, jobs[2].tags is not jobs[0].tags, jobs[0].describe())
    print(Job("a") == Job("a"), Job("a") == Job("b"), Job("a") == "a")
    results = await asyncio.gather(*(run(j) for j in jobs))
    for r in results:
        print(r)
    print(sorted([Version(1, 2), Version(1, 0), Version(0, 9)]), Version(2) > Version(1, 9))
    v = Version(1)
    try:
        v.major = 3
    except FrozenInstanceError as e:
        print("frozen:", e)
    print(hash(v) == hash(Version(1, 0)), replace(v, minor=5))
    t = Timed("deploy", 3, seconds=2.5)
    print(t, t.label, [f.name for f in fields(t)])
    print(asdict(results[0]), astuple(Version(1, 2)))
    for bad in (lambda: Job(), lambda: Job("x", 1, [], 4), lambda: Job("x", nme=1)):
        try:
            bad()
        except TypeError as e:
            print(e)


asyncio.run(main())


class Subclass(Version):  # not a dataclass itself: Version's __init__, for Version's fields
    extra = 3


print(Subclass(1), Subclass(2, 5))
