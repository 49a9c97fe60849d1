package dev.vigil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Work on two threads gives what one thread gives: the results in order, the first failure. */
class TwoThreadsTest {
    /** On one processor the work stays on the calling thread. */
    private static final int TWO_IF_TWO_CORES = Runtime.getRuntime().availableProcessors() > 1 ? 2 : 1;
    private static final List<Integer> ITEMS = IntStream.range(0, 1000).boxed().collect(Collectors.toList());

    @Test
    void resultsComeInTheListsOrderFromTwoThreadsEachWithItsOwnWorker() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Set<Object> workers = ConcurrentHashMap.newKeySet();
        List<String> out = TwoThreads.map(ITEMS, i -> 1, 10, () -> {
            Object worker = new Object();
            workers.add(worker);
            return i -> {
                threads.add(Thread.currentThread().getName());
                return "r" + i;
            };
        });
        assertEquals(ITEMS.stream().map(i -> "r" + i).collect(Collectors.toList()), out);
        assertEquals(TWO_IF_TWO_CORES, threads.size(), "two threads on two cores: " + threads);
        assertEquals(TWO_IF_TWO_CORES, workers.size(), "a worker for each thread");
    }

    @Test
    void belowTheWeightOneThreadDoesItAll() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> out = TwoThreads.map(ITEMS, i -> 1, ITEMS.size() + 1, () -> i -> {
            threads.add(Thread.currentThread().getName());
            return i * 2;
        });
        assertEquals(ITEMS.stream().map(i -> i * 2).collect(Collectors.toList()), out);
        assertEquals(Set.of(Thread.currentThread().getName()), threads);
    }

    @Test
    void theSplitFollowsTheWeights() {
        // one heavy item first: it is half the work, so the calling thread does it alone
        Set<Integer> onCaller = ConcurrentHashMap.newKeySet();
        String caller = Thread.currentThread().getName();
        TwoThreads.map(ITEMS, i -> i == 0 ? 999 : 1, 10, () -> i -> {
            if (Thread.currentThread().getName().equals(caller)) {
                onCaller.add(i);
            }
            return i;
        });
        assertEquals(TWO_IF_TWO_CORES == 2 ? Set.of(0) : Set.copyOf(ITEMS), onCaller);
    }

    @Test
    void theFailureOneThreadWouldMeetFirstIsTheOneThrown() {
        Function<Integer, Integer> failing = i -> {
            if (i == 100 || i == 900) {
                throw new IllegalArgumentException("item " + i);
            }
            return i;
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TwoThreads.map(ITEMS, i -> 1, 10, () -> failing));
        assertEquals("item 100", e.getMessage());
        Function<Integer, Integer> laterOnly = i -> {
            if (i == 900) {
                throw new IllegalStateException("item " + i);
            }
            return i;
        };
        assertEquals("item 900", assertThrows(IllegalStateException.class,
                () -> TwoThreads.map(ITEMS, i -> 1, 10, () -> laterOnly)).getMessage());
    }
}
