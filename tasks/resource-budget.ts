/**
 * What the whole environment asks of the cluster: the sum of the memory and CPU limits in our values files
 * and manifests (DEV_ENV "Resource Sizing"). A test recomputes it from the files, so it cannot drift.
 */

/**
 * Sum of memory limits, bytes: 10 GiB. DEV_ENV says ~11.0 GiB, but that counts the MAE/MCE consumers,
 * which the DataHub chart deploys only with `global.datahub_standalone_consumers_enabled` (UPSTREAM.md).
 */
export const REQUIRED_MEMORY_BYTES = 10240 * 1024 ** 2;

/** Sum of CPU limits, millicores (DEV_ENV's 7.65 CPU). */
export const REQUIRED_CPU_MILLICORES = 7650;
