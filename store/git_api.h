/* git_api.h - libgit2, loaded the first time roadbook needs a version history.
 *
 * Debian's libgit2 brings in mbed TLS, libssh2, OpenSSL's libcrypto and Kerberos: 16 libraries
 * whose loading and symbol binding cost 2.8 ms in every process, more than the whole of
 * `roadbook render` of a lesson. roadbook is therefore not linked against libgit2: store/
 * git_api.c opens it (dlopen, by the soname it was built against) in rb_git_init, and every
 * call below goes through a table of pointers with libgit2's own declared types, so the
 * compiler checks each call as before. Commands that never touch a history (render, lint,
 * help, answers) never load it. docs/PERFORMANCE.md has the figures.
 *
 * Files of store/ and app/ that call libgit2 include this header instead of <git2.h>; each
 * entry point calls rb_git_init (store/repo.h) before its first libgit2 call. A function
 * missing from the list below is an undefined reference at link time, never a silent direct
 * call. */
#ifndef ROADBOOK_GIT_API_H
#define ROADBOOK_GIT_API_H

#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/refdb_backend.h>
#include <git2/sys/repository.h>

/* Every libgit2 function roadbook calls. */
#define RB_GIT_FUNCTIONS(X)                                                                        \
	X(git_blob_create_from_buffer)                                                             \
	X(git_blob_free)                                                                           \
	X(git_blob_lookup)                                                                         \
	X(git_blob_rawcontent)                                                                     \
	X(git_blob_rawsize)                                                                        \
	X(git_checkout_head)                                                                       \
	X(git_checkout_options_init)                                                               \
	X(git_clone)                                                                               \
	X(git_clone_options_init)                                                                  \
	X(git_commit_author)                                                                       \
	X(git_commit_body)                                                                         \
	X(git_commit_create)                                                                       \
	X(git_commit_free)                                                                         \
	X(git_commit_id)                                                                           \
	X(git_commit_lookup)                                                                       \
	X(git_commit_parentcount)                                                                  \
	X(git_commit_summary)                                                                      \
	X(git_commit_time)                                                                         \
	X(git_commit_time_offset)                                                                  \
	X(git_commit_tree)                                                                         \
	X(git_commit_tree_id)                                                                      \
	X(git_config_delete_multivar)                                                              \
	X(git_config_entry_free)                                                                   \
	X(git_config_foreach)                                                                      \
	X(git_config_foreach_match)                                                                \
	X(git_config_free)                                                                         \
	X(git_config_get_entry)                                                                    \
	X(git_config_iterator_free)                                                                \
	X(git_config_multivar_iterator_new)                                                        \
	X(git_config_next)                                                                         \
	X(git_config_open_ondisk)                                                                  \
	X(git_config_parse_bool)                                                                   \
	X(git_config_set_multivar)                                                                 \
	X(git_config_set_string)                                                                   \
	X(git_credential_ssh_key_from_agent)                                                       \
	X(git_credential_ssh_key_new)                                                              \
	X(git_credential_username_new)                                                             \
	X(git_credential_userpass_plaintext_new)                                                   \
	X(git_diff_buffers)                                                                        \
	X(git_diff_foreach)                                                                        \
	X(git_diff_free)                                                                           \
	X(git_diff_options_init)                                                                   \
	X(git_diff_tree_to_tree)                                                                   \
	X(git_error_clear)                                                                         \
	X(git_error_last)                                                                          \
	X(git_error_set_str)                                                                       \
	X(git_fetch_options_init)                                                                  \
	X(git_index_add)                                                                           \
	X(git_index_free)                                                                          \
	X(git_index_get_bypath)                                                                    \
	X(git_index_open)                                                                          \
	X(git_index_read_tree)                                                                     \
	X(git_index_write)                                                                         \
	X(git_libgit2_features)                                                                    \
	X(git_libgit2_init)                                                                        \
	X(git_libgit2_opts)                                                                        \
	X(git_libgit2_shutdown)                                                                    \
	X(git_merge_base)                                                                          \
	X(git_object_free)                                                                         \
	X(git_object_id)                                                                           \
	X(git_object_peel)                                                                         \
	X(git_odb_exists_ext)                                                                      \
	X(git_odb_free)                                                                            \
	X(git_odb_get_backend)                                                                     \
	X(git_odb_hash)                                                                            \
	X(git_odb_num_backends)                                                                    \
	X(git_odb_object_free)                                                                     \
	X(git_odb_read)                                                                            \
	X(git_odb_read_header)                                                                     \
	X(git_oid_cpy)                                                                             \
	X(git_oid_equal)                                                                           \
	X(git_oid_fromstr)                                                                         \
	X(git_oid_tostr)                                                                           \
	X(git_push_options_init)                                                                   \
	X(git_refdb_free)                                                                          \
	X(git_refdb_open)                                                                          \
	X(git_reference_create)                                                                    \
	X(git_reference_create_matching)                                                           \
	X(git_reference_delete)                                                                    \
	X(git_reference_free)                                                                      \
	X(git_reference_iterator_free)                                                             \
	X(git_reference_iterator_glob_new)                                                         \
	X(git_reference_lookup)                                                                    \
	X(git_reference_name)                                                                      \
	X(git_reference_name_is_valid)                                                             \
	X(git_reference_name_to_id)                                                                \
	X(git_reference_next)                                                                      \
	X(git_reference_symbolic_target)                                                           \
	X(git_reference_target)                                                                    \
	X(git_reference_type)                                                                      \
	X(git_remote_create_anonymous)                                                             \
	X(git_remote_fetch)                                                                        \
	X(git_remote_free)                                                                         \
	X(git_remote_lookup)                                                                       \
	X(git_remote_push)                                                                         \
	X(git_remote_url)                                                                          \
	X(git_repository_commondir)                                                                \
	X(git_repository_free)                                                                     \
	X(git_repository_head_detached)                                                            \
	X(git_repository_init_ext)                                                                 \
	X(git_repository_init_options_init)                                                        \
	X(git_repository_is_bare)                                                                  \
	X(git_repository_odb)                                                                      \
	X(git_repository_open_ext)                                                                 \
	X(git_repository_path)                                                                     \
	X(git_repository_refdb)                                                                    \
	X(git_repository_set_refdb)                                                                \
	X(git_revparse_single)                                                                     \
	X(git_revwalk_free)                                                                        \
	X(git_revwalk_hide)                                                                        \
	X(git_revwalk_hide_glob)                                                                   \
	X(git_revwalk_new)                                                                         \
	X(git_revwalk_next)                                                                        \
	X(git_revwalk_push)                                                                        \
	X(git_revwalk_push_head)                                                                   \
	X(git_revwalk_sorting)                                                                     \
	X(git_signature_free)                                                                      \
	X(git_signature_now)                                                                       \
	X(git_tree_create_updated)                                                                 \
	X(git_tree_entry_byindex)                                                                  \
	X(git_tree_entry_bypath)                                                                   \
	X(git_tree_entry_filemode)                                                                 \
	X(git_tree_entry_free)                                                                     \
	X(git_tree_entry_id)                                                                       \
	X(git_tree_entry_name)                                                                     \
	X(git_tree_entry_type)                                                                     \
	X(git_tree_entrycount)                                                                     \
	X(git_tree_free)                                                                           \
	X(git_tree_id)                                                                             \
	X(git_tree_lookup)

#define RB_GIT_MEMBER(name) __typeof__(&name) name;
struct rb_git_functions {
	RB_GIT_FUNCTIONS(RB_GIT_MEMBER)
};
#undef RB_GIT_MEMBER

/* Filled by rb_git_init (store/repo.h, in git_api.c); read only after it succeeded. */
extern struct rb_git_functions rb_git_fn;

#ifndef RB_GIT_API_TABLE_ONLY
#define git_blob_create_from_buffer           (rb_git_fn.git_blob_create_from_buffer)
#define git_blob_free                         (rb_git_fn.git_blob_free)
#define git_blob_lookup                       (rb_git_fn.git_blob_lookup)
#define git_blob_rawcontent                   (rb_git_fn.git_blob_rawcontent)
#define git_blob_rawsize                      (rb_git_fn.git_blob_rawsize)
#define git_checkout_head                     (rb_git_fn.git_checkout_head)
#define git_checkout_options_init             (rb_git_fn.git_checkout_options_init)
#define git_clone                             (rb_git_fn.git_clone)
#define git_clone_options_init                (rb_git_fn.git_clone_options_init)
#define git_commit_author                     (rb_git_fn.git_commit_author)
#define git_commit_body                       (rb_git_fn.git_commit_body)
#define git_commit_create                     (rb_git_fn.git_commit_create)
#define git_commit_free                       (rb_git_fn.git_commit_free)
#define git_commit_id                         (rb_git_fn.git_commit_id)
#define git_commit_lookup                     (rb_git_fn.git_commit_lookup)
#define git_commit_parentcount                (rb_git_fn.git_commit_parentcount)
#define git_commit_summary                    (rb_git_fn.git_commit_summary)
#define git_commit_time                       (rb_git_fn.git_commit_time)
#define git_commit_time_offset                (rb_git_fn.git_commit_time_offset)
#define git_commit_tree                       (rb_git_fn.git_commit_tree)
#define git_commit_tree_id                    (rb_git_fn.git_commit_tree_id)
#define git_config_delete_multivar            (rb_git_fn.git_config_delete_multivar)
#define git_config_entry_free                 (rb_git_fn.git_config_entry_free)
#define git_config_foreach                    (rb_git_fn.git_config_foreach)
#define git_config_foreach_match              (rb_git_fn.git_config_foreach_match)
#define git_config_free                       (rb_git_fn.git_config_free)
#define git_config_get_entry                  (rb_git_fn.git_config_get_entry)
#define git_config_iterator_free              (rb_git_fn.git_config_iterator_free)
#define git_config_multivar_iterator_new      (rb_git_fn.git_config_multivar_iterator_new)
#define git_config_next                       (rb_git_fn.git_config_next)
#define git_config_open_ondisk                (rb_git_fn.git_config_open_ondisk)
#define git_config_parse_bool                 (rb_git_fn.git_config_parse_bool)
#define git_config_set_multivar               (rb_git_fn.git_config_set_multivar)
#define git_config_set_string                 (rb_git_fn.git_config_set_string)
#define git_credential_ssh_key_from_agent     (rb_git_fn.git_credential_ssh_key_from_agent)
#define git_credential_ssh_key_new            (rb_git_fn.git_credential_ssh_key_new)
#define git_credential_username_new           (rb_git_fn.git_credential_username_new)
#define git_credential_userpass_plaintext_new (rb_git_fn.git_credential_userpass_plaintext_new)
#define git_diff_buffers                      (rb_git_fn.git_diff_buffers)
#define git_diff_foreach                      (rb_git_fn.git_diff_foreach)
#define git_diff_free                         (rb_git_fn.git_diff_free)
#define git_diff_options_init                 (rb_git_fn.git_diff_options_init)
#define git_diff_tree_to_tree                 (rb_git_fn.git_diff_tree_to_tree)
#define git_error_clear                       (rb_git_fn.git_error_clear)
#define git_error_last                        (rb_git_fn.git_error_last)
#define git_error_set_str                     (rb_git_fn.git_error_set_str)
#define git_fetch_options_init                (rb_git_fn.git_fetch_options_init)
#define git_index_add                         (rb_git_fn.git_index_add)
#define git_index_free                        (rb_git_fn.git_index_free)
#define git_index_get_bypath                  (rb_git_fn.git_index_get_bypath)
#define git_index_open                        (rb_git_fn.git_index_open)
#define git_index_read_tree                   (rb_git_fn.git_index_read_tree)
#define git_index_write                       (rb_git_fn.git_index_write)
#define git_libgit2_features                  (rb_git_fn.git_libgit2_features)
#define git_libgit2_init                      (rb_git_fn.git_libgit2_init)
#define git_libgit2_opts                      (rb_git_fn.git_libgit2_opts)
#define git_libgit2_shutdown                  (rb_git_fn.git_libgit2_shutdown)
#define git_merge_base                        (rb_git_fn.git_merge_base)
#define git_object_free                       (rb_git_fn.git_object_free)
#define git_object_id                         (rb_git_fn.git_object_id)
#define git_object_peel                       (rb_git_fn.git_object_peel)
#define git_odb_exists_ext                    (rb_git_fn.git_odb_exists_ext)
#define git_odb_free                          (rb_git_fn.git_odb_free)
#define git_odb_get_backend                   (rb_git_fn.git_odb_get_backend)
#define git_odb_hash                          (rb_git_fn.git_odb_hash)
#define git_odb_num_backends                  (rb_git_fn.git_odb_num_backends)
#define git_odb_object_free                   (rb_git_fn.git_odb_object_free)
#define git_odb_read                          (rb_git_fn.git_odb_read)
#define git_odb_read_header                   (rb_git_fn.git_odb_read_header)
#define git_oid_cpy                           (rb_git_fn.git_oid_cpy)
#define git_oid_equal                         (rb_git_fn.git_oid_equal)
#define git_oid_fromstr                       (rb_git_fn.git_oid_fromstr)
#define git_oid_tostr                         (rb_git_fn.git_oid_tostr)
#define git_push_options_init                 (rb_git_fn.git_push_options_init)
#define git_refdb_free                        (rb_git_fn.git_refdb_free)
#define git_refdb_open                        (rb_git_fn.git_refdb_open)
#define git_reference_create                  (rb_git_fn.git_reference_create)
#define git_reference_create_matching         (rb_git_fn.git_reference_create_matching)
#define git_reference_delete                  (rb_git_fn.git_reference_delete)
#define git_reference_free                    (rb_git_fn.git_reference_free)
#define git_reference_iterator_free           (rb_git_fn.git_reference_iterator_free)
#define git_reference_iterator_glob_new       (rb_git_fn.git_reference_iterator_glob_new)
#define git_reference_lookup                  (rb_git_fn.git_reference_lookup)
#define git_reference_name                    (rb_git_fn.git_reference_name)
#define git_reference_name_is_valid           (rb_git_fn.git_reference_name_is_valid)
#define git_reference_name_to_id              (rb_git_fn.git_reference_name_to_id)
#define git_reference_next                    (rb_git_fn.git_reference_next)
#define git_reference_symbolic_target         (rb_git_fn.git_reference_symbolic_target)
#define git_reference_target                  (rb_git_fn.git_reference_target)
#define git_reference_type                    (rb_git_fn.git_reference_type)
#define git_remote_create_anonymous           (rb_git_fn.git_remote_create_anonymous)
#define git_remote_fetch                      (rb_git_fn.git_remote_fetch)
#define git_remote_free                       (rb_git_fn.git_remote_free)
#define git_remote_lookup                     (rb_git_fn.git_remote_lookup)
#define git_remote_push                       (rb_git_fn.git_remote_push)
#define git_remote_url                        (rb_git_fn.git_remote_url)
#define git_repository_commondir              (rb_git_fn.git_repository_commondir)
#define git_repository_free                   (rb_git_fn.git_repository_free)
#define git_repository_head_detached          (rb_git_fn.git_repository_head_detached)
#define git_repository_init_ext               (rb_git_fn.git_repository_init_ext)
#define git_repository_init_options_init      (rb_git_fn.git_repository_init_options_init)
#define git_repository_is_bare                (rb_git_fn.git_repository_is_bare)
#define git_repository_odb                    (rb_git_fn.git_repository_odb)
#define git_repository_open_ext               (rb_git_fn.git_repository_open_ext)
#define git_repository_path                   (rb_git_fn.git_repository_path)
#define git_repository_refdb                  (rb_git_fn.git_repository_refdb)
#define git_repository_set_refdb              (rb_git_fn.git_repository_set_refdb)
#define git_revparse_single                   (rb_git_fn.git_revparse_single)
#define git_revwalk_free                      (rb_git_fn.git_revwalk_free)
#define git_revwalk_hide                      (rb_git_fn.git_revwalk_hide)
#define git_revwalk_hide_glob                 (rb_git_fn.git_revwalk_hide_glob)
#define git_revwalk_new                       (rb_git_fn.git_revwalk_new)
#define git_revwalk_next                      (rb_git_fn.git_revwalk_next)
#define git_revwalk_push                      (rb_git_fn.git_revwalk_push)
#define git_revwalk_push_head                 (rb_git_fn.git_revwalk_push_head)
#define git_revwalk_sorting                   (rb_git_fn.git_revwalk_sorting)
#define git_signature_free                    (rb_git_fn.git_signature_free)
#define git_signature_now                     (rb_git_fn.git_signature_now)
#define git_tree_create_updated               (rb_git_fn.git_tree_create_updated)
#define git_tree_entry_byindex                (rb_git_fn.git_tree_entry_byindex)
#define git_tree_entry_bypath                 (rb_git_fn.git_tree_entry_bypath)
#define git_tree_entry_filemode               (rb_git_fn.git_tree_entry_filemode)
#define git_tree_entry_free                   (rb_git_fn.git_tree_entry_free)
#define git_tree_entry_id                     (rb_git_fn.git_tree_entry_id)
#define git_tree_entry_name                   (rb_git_fn.git_tree_entry_name)
#define git_tree_entry_type                   (rb_git_fn.git_tree_entry_type)
#define git_tree_entrycount                   (rb_git_fn.git_tree_entrycount)
#define git_tree_free                         (rb_git_fn.git_tree_free)
#define git_tree_id                           (rb_git_fn.git_tree_id)
#define git_tree_lookup                       (rb_git_fn.git_tree_lookup)
#endif

#endif
