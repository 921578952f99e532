// SPDX-License-Identifier: GPL-3.0-or-later
// The translations library's only source: its content is the embedded .qm resources (:/i18n).
namespace headwave {
int translationsAnchor() {
    return 0;
}
}  // namespace headwave
