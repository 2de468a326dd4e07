"""Webhook jobs: deliver an event to its subscribers, count and log the jobs.

Mount ``router`` on the app to expose it; ``python -m service.jobs`` (from
``examples/``) runs the jobs against an in-process transport. Each async
mistake below sits next to its fixed twin.
"""

import asyncio
import functools
import threading

import httpx
from fastapi import APIRouter, BackgroundTasks
from pydantic import BaseModel

router = APIRouter(prefix="/webhooks", tags=["webhooks"])

# None: the real network; tests and the demo pass an httpx.MockTransport.
Transport = httpx.AsyncBaseTransport | None


class Delivery(BaseModel):
    url: str
    status: int


class WebhookEvent(BaseModel):
    urls: list[str]
    body: str


# -- delivering one webhook -------------------------------------------------


async def deliver_leaky(
    url: str, body: str, transport: Transport = None
) -> Delivery:
    client = httpx.AsyncClient(transport=transport)  # expect: PX305
    response = await client.post(url, content=body)
    return Delivery(url=url, status=response.status_code)


# Fixed: the client (its connection pool) is closed on every path.
async def deliver(
    url: str, body: str, transport: Transport = None
) -> Delivery:
    async with httpx.AsyncClient(transport=transport) as client:
        response = await client.post(url, content=body)
    return Delivery(url=url, status=response.status_code)


# -- delivering to every subscriber ------------------------------------------


async def deliver_all_sequentially(
    event: WebhookEvent, transport: Transport = None
) -> list[Delivery]:
    deliveries: list[Delivery] = []
    for url in event.urls:  # expect: PX308
        deliveries.append(await deliver(url, event.body, transport))
    return deliveries


# Fixed: the deliveries are independent, so they run concurrently (and a
# failure cancels the others).
async def deliver_all(
    event: WebhookEvent, transport: Transport = None
) -> list[Delivery]:
    async with asyncio.TaskGroup() as tg:
        tasks = [
            tg.create_task(deliver(url, event.body, transport))
            for url in event.urls
        ]
    return [task.result() for task in tasks]


# -- a delivery with a deadline ----------------------------------------------


async def deliver_within_legacy(
    url: str, body: str, seconds: float, transport: Transport = None
) -> Delivery:
    return await asyncio.wait_for(  # expect: PX303
        deliver(url, body, transport), seconds
    )


# Fixed: asyncio.timeout (3.11+) scopes the deadline over a block and raises
# TimeoutError, with no extra task.
async def deliver_within(
    url: str, body: str, seconds: float, transport: Transport = None
) -> Delivery:
    async with asyncio.timeout(seconds):
        return await deliver(url, body, transport)


async def deliver_all_gathered(
    event: WebhookEvent, transport: Transport = None
) -> list[Delivery]:
    return list(
        await asyncio.gather(  # expect: PX309
            *(deliver(url, event.body, transport) for url in event.urls)
        )
    )


# -- subscribers, cached -----------------------------------------------------


@functools.lru_cache(maxsize=64)  # expect: PX302
async def subscribers_cached(topic: str) -> tuple[str, ...]:
    await asyncio.sleep(0)  # a lookup; the *coroutine* is what gets cached
    return (f"https://{topic}.example/hook",)


# Fixed: cache the (hashable) result, not the coroutine that computes it.
_subscribers: dict[str, tuple[str, ...]] = {}


async def subscribers(topic: str) -> tuple[str, ...]:
    if topic not in _subscribers:
        await asyncio.sleep(0)
        _subscribers[topic] = (f"https://{topic}.example/hook",)
    return _subscribers[topic]


async def schedule_later_legacy(delay: float) -> asyncio.Handle:
    loop = asyncio.get_event_loop()  # expect: PX304
    return loop.call_later(delay, print, "tick")


# Fixed: inside a coroutine the running loop is the one to use.
async def schedule_later(delay: float) -> asyncio.Handle:
    loop = asyncio.get_running_loop()
    return loop.call_later(delay, print, "tick")


# -- bookkeeping shared by the jobs ------------------------------------------


class DeliveryLog:
    """The deliveries of this process, newest last."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self.deliveries: list[Delivery] = []

    async def record_leaky(self, deliveries: list[Delivery]) -> None:
        await self._lock.acquire()  # expect: PX306
        self.deliveries.extend(deliveries)
        await asyncio.sleep(0)  # a flush; if it fails, the lock stays held
        self._lock.release()

    # Fixed: released on every path.
    async def record(self, deliveries: list[Delivery]) -> None:
        async with self._lock:
            self.deliveries.extend(deliveries)
            await asyncio.sleep(0)


class JobCounter:
    """Jobs started, per kind."""

    def __init__(self) -> None:
        self._thread_lock = threading.Lock()
        self._lock = asyncio.Lock()
        self.counts: dict[str, int] = {}

    async def started_blocking(self, kind: str) -> None:
        with self._thread_lock:  # expect: PX307
            self.counts[kind] = self.counts.get(kind, 0) + 1

    # Fixed: an asyncio lock suspends the task, not the event loop.
    async def started(self, kind: str) -> None:
        async with self._lock:
            self.counts[kind] = self.counts.get(kind, 0) + 1


log = DeliveryLog()
counter = JobCounter()


async def run_event(
    event: WebhookEvent, transport: Transport = None
) -> list[Delivery]:
    await counter.started("webhook")
    deliveries = await deliver_all(event, transport)
    await log.record(deliveries)
    return deliveries


# -- the API ----------------------------------------------------------------


@router.post("/fire-and-forget", status_code=202)
async def publish_leaky(event: WebhookEvent) -> None:
    task = asyncio.create_task(run_event(event))  # expect: PX310
    task.add_done_callback(lambda done: done.exception())


# Fixed: FastAPI runs the job after the response is sent, and reports errors.
@router.post("", status_code=202)
async def publish(
    event: WebhookEvent, background_tasks: BackgroundTasks
) -> None:
    background_tasks.add_task(run_event, event)


async def _demo() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(204))
    event = WebhookEvent(
        urls=["https://a.example/hook", "https://b.example/hook"], body="{}"
    )
    print(await deliver_leaky(event.urls[0], event.body, transport))
    print(await deliver_all_sequentially(event, transport))
    await log.record_leaky(await run_event(event, transport))
    await counter.started_blocking("webhook")
    print(await deliver_within(event.urls[0], event.body, 5, transport))
    print(await deliver_within_legacy(event.urls[0], event.body, 5, transport))
    print(len(await deliver_all_gathered(event, transport)))
    print(await subscribers("heroes"), await subscribers_cached("heroes"))
    (await schedule_later(0)).cancel()
    (await schedule_later_legacy(0)).cancel()
    print(len(log.deliveries), counter.counts)


if __name__ == "__main__":
    asyncio.run(_demo())
