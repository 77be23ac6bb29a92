/*
 * liblvs: add, update and delete keepalived's virtual servers one at a
 * time, over keepalived's JSON-RPC socket ($LVS_RPC_SOCKET, else
 * /run/keepalived/lvscli.sock). See lvscli(8), "C API", for every return
 * value. Link with -llvs (pkg-config lvs).
 *
 * Each call connects, sends one request and waits for keepalived's answer
 * (60 seconds at the most). Each returns 0 when keepalived made the change,
 * else a negative errno: keepalived's own (-EINVAL a config error, -EEXIST,
 * -ENOENT, -EPERM, -EACCES, -E2BIG, or the kernel's), -EPROTO, -EBADMSG,
 * or that of the connection (-ENOENT no socket, -ECONNREFUSED,
 * -EACCES, -ETIMEDOUT, ...). Safe to call from several threads at once.
 */
#ifndef LVS_LVS_H
#define LVS_LVS_H

#include <lvs/lvs_common.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * svc_config: one virtual_server block in keepalived.conf syntax, a
 * NUL-terminated UTF-8 string of 960 KiB at the most. It is not modified
 * (the prototypes are the EulerOS guide's, which lack the const).
 */
int lvs_add_service_config(char *svc_config);
int lvs_update_service_config(char *svc_config);

/* Deletes the virtual server svc names; *svc is not modified. */
int lvs_del_service_config(struct lvs_service *svc);

#ifdef __cplusplus
}
#endif

#endif
