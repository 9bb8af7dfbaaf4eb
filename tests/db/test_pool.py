"""The reader pool lends its items to tasks on any event loop: the test client runs the
app in a loop of its own beside the test's, both reading through one ``Database``."""

from __future__ import annotations

import asyncio
import threading

from eventday.db.pool import Lock, Pool


async def test_an_item_given_back_in_another_loop_reaches_the_waiter_here() -> None:
    pool: Pool[str] = Pool()
    pool.give("reader")
    taken = threading.Event()
    release = threading.Event()

    def elsewhere() -> None:  # another thread, another event loop
        async def borrow() -> None:
            assert await pool.take() == "reader"
            taken.set()
            await asyncio.to_thread(release.wait, 5)
            pool.give("reader")

        asyncio.run(borrow())

    thread = threading.Thread(target=elsewhere)
    thread.start()
    await asyncio.to_thread(taken.wait, 5)
    waiting = asyncio.ensure_future(pool.take())  # the pool is empty: this waits
    await asyncio.sleep(0.05)
    assert not waiting.done()
    release.set()
    assert await asyncio.wait_for(waiting, 5) == "reader"
    thread.join(5)


async def test_a_cancelled_waiter_does_not_keep_the_item() -> None:
    pool: Pool[str] = Pool()
    gone = asyncio.ensure_future(pool.take())
    kept = asyncio.ensure_future(pool.take())
    await asyncio.sleep(0)
    gone.cancel()
    pool.give("reader")
    assert await asyncio.wait_for(kept, 5) == "reader"
    pool.give("reader")
    assert pool.drain() == ["reader"]


async def test_the_write_lock_passes_between_loops_and_past_a_cancelled_waiter() -> None:
    lock = Lock()
    held_elsewhere = threading.Event()
    release = threading.Event()

    def elsewhere() -> None:  # another thread, another event loop, holds the lock
        async def hold() -> None:
            async with lock:
                held_elsewhere.set()
                await asyncio.to_thread(release.wait, 5)

        asyncio.run(hold())

    thread = threading.Thread(target=elsewhere)
    thread.start()
    await asyncio.to_thread(held_elsewhere.wait, 5)
    order: list[str] = []

    async def write(name: str) -> None:
        async with lock:
            order.append(name)

    gone = asyncio.ensure_future(write("cancelled"))
    kept = asyncio.ensure_future(write("kept"))
    await asyncio.sleep(0.05)
    assert lock.locked()
    assert not kept.done()
    gone.cancel()
    release.set()
    await asyncio.wait_for(kept, 5)
    thread.join(5)
    assert order == ["kept"]
    assert not lock.locked()


async def test_a_waiter_cancelled_after_the_hand_over_passes_the_item_on() -> None:
    pool: Pool[str] = Pool()
    first = asyncio.ensure_future(pool.take())
    second = asyncio.ensure_future(pool.take())
    await asyncio.sleep(0)  # both wait
    pool.give("reader")  # handed to the first at once (same loop)...
    first.cancel()  # ...which is cancelled before it runs again
    assert await asyncio.wait_for(second, 5) == "reader"
    assert first.cancelled()
