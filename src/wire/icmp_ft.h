/* SPDX-License-Identifier: MIT */
/**
 * DOC: the field tables of the ICMP fixed headers (fields.c), which the
 * type descriptors (icmp_types.c) point at
 */
#ifndef ICMPKIT_WIRE_ICMP_FT_H
#define ICMPKIT_WIRE_ICMP_FT_H

#include "icmpkit/fields.h"

extern const struct ik_field_table ik_ft_icmp_generic;
extern const struct ik_field_table ik_ft_icmp_echo;
extern const struct ik_field_table ik_ft_icmp_info;
extern const struct ik_field_table ik_ft_icmp_unreach;
extern const struct ik_field_table ik_ft_icmp_needfrag;
extern const struct ik_field_table ik_ft_icmp_quench;
extern const struct ik_field_table ik_ft_icmp_redirect;
extern const struct ik_field_table ik_ft_icmp_timxceed;
extern const struct ik_field_table ik_ft_icmp_param;
extern const struct ik_field_table ik_ft_icmp_ts;
extern const struct ik_field_table ik_ft_icmp_mask;
extern const struct ik_field_table ik_ft_icmp_radv;
extern const struct ik_field_table ik_ft_icmp_rsol;
extern const struct ik_field_table ik_ft_icmp_photuris;
extern const struct ik_field_table ik_ft_icmp_xecho;
extern const struct ik_field_table ik_ft_icmp_xechorep;

#endif
