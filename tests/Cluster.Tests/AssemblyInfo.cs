// Each test class runs a cluster of five processes; two at once would starve each other on CI's two cores and turn
// the failover figures into scheduling noise.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
