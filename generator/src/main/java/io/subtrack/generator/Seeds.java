package io.subtrack.generator;

import java.nio.charset.StandardCharsets;

/** Independent, reproducible seeds per purpose (one random stream per table) from the one --seed. */
final class Seeds {
    private Seeds() {}

    static long derive(long seed, String purpose) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) h = mix(h ^ b);
        return mix(h);
    }

    /** SplitMix64 finaliser: a stateless, well-spread hash of a long. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
