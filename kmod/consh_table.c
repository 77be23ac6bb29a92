// SPDX-License-Identifier: GPL-2.0
/*
 * Builds consh lookup tables; see consh_table.h. No allocation here: the
 * caller owns the table and the scratch space, in kernel or user space.
 */
#include "consh_table.h"

#ifdef __KERNEL__
#include <linux/gcd.h>
#include <linux/sort.h>
#include <linux/string.h>
#define consh_sort(base, n, size, cmp) sort(base, n, size, cmp, NULL)
#else
#include <stdlib.h>
#include <string.h>
#define consh_sort(base, n, size, cmp) qsort(base, n, size, cmp)
static unsigned long gcd(unsigned long a, unsigned long b)
{
	while (b) {
		unsigned long t = a % b;

		a = b;
		b = t;
	}
	return a;
}
#endif

/* Seeds of the two permutation hashes; any fixed pair works. */
#define CONSH_SEED_OFFSET 0x2d358dccu
#define CONSH_SEED_SKIP 0xaa7b5b8bu
/* A heavy backend claims at most this many slots per round. */
#define CONSH_MAX_TURNS 256

int consh_size_valid(u32 size)
{
	u32 d;

	if (size < 3 || size > CONSH_MAX_SIZE)
		return 0;
	for (d = 2; d * d <= size; d++)
		if (size % d == 0)
			return 0;
	return 1;
}

/* FNV-1a over the bytes, then the murmur3 finalizer: byte-order independent. */
u32 consh_hash(const u8 *key, u32 len, u32 seed)
{
	u64 h = 0xcbf29ce484222325ull ^ seed;
	u32 i;

	for (i = 0; i < len; i++) {
		h ^= key[i];
		h *= 0x100000001b3ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return (u32)h ^ (u32)(h >> 32);
}

static int consh_cmp(const void *a, const void *b)
{
	const struct consh_scratch *x = a, *y = b;

	return memcmp(x->key, y->key, CONSH_KEY_LEN);
}

/* Turns per round: weights divided by their gcd, scaled down to a bound. */
static void consh_turns(const struct consh_backend *backends,
			struct consh_scratch *s, u32 live)
{
	unsigned long g = 0, max = 0;
	unsigned int shift = 0;
	u32 i;

	for (i = 0; i < live; i++)
		g = gcd(g, backends[s[i].index].weight);
	for (i = 0; i < live; i++)
		if (backends[s[i].index].weight / g > max)
			max = backends[s[i].index].weight / g;
	while ((max >> shift) > CONSH_MAX_TURNS)
		shift++;
	for (i = 0; i < live; i++) {
		s[i].turns = (backends[s[i].index].weight / g) >> shift;
		if (!s[i].turns)
			s[i].turns = 1;
	}
}

u32 consh_build(u32 *table, u32 size, const struct consh_backend *backends,
		u32 n, struct consh_scratch *scratch)
{
	u32 i, live = 0, filled = 0;

	for (i = 0; i < size; i++)
		table[i] = CONSH_EMPTY;
	for (i = 0; i < n; i++) {
		const struct consh_backend *b = &backends[i];

		if (!b->weight)
			continue;
		scratch[live].index = i;
		scratch[live].key = b->key;
		scratch[live].pos = consh_hash(b->key, CONSH_KEY_LEN, CONSH_SEED_OFFSET) % size;
		scratch[live].skip = consh_hash(b->key, CONSH_KEY_LEN, CONSH_SEED_SKIP) % (size - 1) + 1;
		live++;
	}
	if (!live)
		return 0;

	consh_sort(scratch, live, sizeof(*scratch), consh_cmp);
	consh_turns(backends, scratch, live);

	/*
	 * Each backend walks its own permutation (offset + j * skip) mod size,
	 * a full cycle because size is prime, and claims its first free slot;
	 * in key order, so the result does not depend on the caller's order.
	 */
	while (filled < size) {
		for (i = 0; i < live && filled < size; i++) {
			struct consh_scratch *s = &scratch[i];
			u32 t;

			for (t = 0; t < s->turns && filled < size; t++) {
				while (table[s->pos] != CONSH_EMPTY)
					s->pos = (s->pos + s->skip) % size;
				table[s->pos] = s->index;
				filled++;
			}
		}
	}
	return live;
}
