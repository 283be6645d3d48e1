// Each test runs whole Raft groups with sub-second election timers; on a 2-core box, test classes running side by
// side starve each other's timers into spurious elections. One class at a time keeps the timing the tests assume.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
