package io.subtrack.generator;

/**
 * A seeded shuffle of 0..n-1 that needs no table: i -> (a*i + b) mod n with a coprime to n.
 * It picks distinct users for the profile and admin tables without remembering which were taken.
 */
final class Bijection {
    private final long n;
    private final long a;
    private final long b;

    Bijection(long n, long seed) {
        this.n = Math.max(n, 1);
        long candidate = Math.floorMod(Seeds.mix(seed), this.n) | 1;
        while (gcd(candidate, this.n) != 1) candidate = (candidate + 1) % this.n;
        this.a = candidate == 0 ? 1 : candidate;
        this.b = Math.floorMod(Seeds.mix(seed + 1), this.n);
    }

    long apply(long i) {
        // a < n <= 2e9 and i < n, so the product stays below 2^63.
        return Math.floorMod(a * i + b, n);
    }

    /** The i with apply(i) == x. */
    long inverse(long x) {
        long aInverse = java.math.BigInteger.valueOf(a).modInverse(java.math.BigInteger.valueOf(n)).longValue();
        return java.math.BigInteger.valueOf(Math.floorMod(x - b, n)).multiply(java.math.BigInteger.valueOf(aInverse))
            .mod(java.math.BigInteger.valueOf(n)).longValue();
    }

    private static long gcd(long x, long y) {
        while (y != 0) {
            long t = x % y;
            x = y;
            y = t;
        }
        return x;
    }
}
