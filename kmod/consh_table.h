/* SPDX-License-Identifier: GPL-2.0 */
/*
 * consh: Maglev-style consistent hashing (Eisenbud et al., NSDI 2016).
 *
 * The lookup table is a pure function of the set of backends (their keys and
 * weights), never of the order they were added in or of the node building it,
 * so every load balancer of a cluster maps a client to the same real server,
 * and removing one backend moves little more than that backend's own share.
 *
 * This file and consh_table.c build both in the kernel module and in user
 * space, where the unit tests measure spread and disruption directly.
 */
#ifndef CONSH_TABLE_H
#define CONSH_TABLE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;
#endif

/* A backend's identity: address (IPv4 in the first 4 bytes) and port. */
#define CONSH_KEY_LEN 20
#define CONSH_EMPTY 0xffffffffu

struct consh_backend {
	u8 key[CONSH_KEY_LEN];
	u32 weight;
};

/* Per-backend working state of consh_build(); the caller provides n of them. */
struct consh_scratch {
	const u8 *key;
	u32 index;	/* position in the caller's backend array */
	u32 pos;	/* where the backend is along its permutation */
	u32 skip;
	u32 turns;	/* slots it claims per round, from its weight */
};

/*
 * The table size must be prime, and the same on every node and for every set
 * of backends: a size that followed the number of backends would remap every
 * client whenever that number crossed a step. Over 100 slots per backend keep
 * both the spread and the disruption within 1-2% of ideal.
 */
#define CONSH_DEFAULT_SIZE 16381u
#define CONSH_MAX_SIZE 1048573u

/* Whether size can be a table size: a prime from 3 to CONSH_MAX_SIZE. */
int consh_size_valid(u32 size);

/*
 * Fills table[size] with indices into
 * backends[0..n). Backends of weight 0 get no slots; if none has a weight the
 * table is all CONSH_EMPTY. Returns the number of backends that got slots.
 */
u32 consh_build(u32 *table, u32 size, const struct consh_backend *backends,
		u32 n, struct consh_scratch *scratch);

/* Hash of a client key (its address), for picking table[hash % size]. */
u32 consh_hash(const u8 *key, u32 len, u32 seed);

#endif
