"""How many messages the consumer fetches, when a message holds one event or a frame."""

from services.chassis.consumer import FetchSize


def test_frames_of_hundreds_of_events_are_fetched_a_few_at_a_time():
    size = FetchSize(4000)
    assert size.messages == 8
    size.observe(messages=8, envelopes=8 * 370)
    assert size.messages == 10  # 10 x 370 events: about the batch


def test_single_events_grow_to_the_whole_batch_by_doubling():
    size = FetchSize(4000)
    seen = []
    for _ in range(12):
        size.observe(messages=size.messages, envelopes=size.messages)
        seen.append(size.messages)
    assert seen[:3] == [16, 32, 64] and seen[-1] == 4000


def test_fuller_messages_shrink_the_next_fetch_at_once():
    size = FetchSize(4000)
    for _ in range(12):
        size.observe(messages=size.messages, envelopes=size.messages)
    size.observe(messages=4000, envelopes=3900 + 100 * 400)  # the first frames after old events
    assert size.messages == 364  # 4,000 x 4,000 / 43,900
    size.observe(messages=364, envelopes=364 * 400)
    assert size.messages == 10


def test_at_least_one_message_is_fetched():
    size = FetchSize(100)
    size.observe(messages=1, envelopes=500)
    assert size.messages == 1
    size.observe(messages=0, envelopes=0)  # an empty fetch says nothing
    assert size.messages == 1
