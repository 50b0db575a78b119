// The worker tests measure wake-up latency and throughput on a small machine: they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
