/*===- api.h - the kiln runtime C API, in one include ---------------------===*/
#ifndef KILN_RUNTIME_API_H
#define KILN_RUNTIME_API_H

#include "kiln/runtime/allocator.h"
#include "kiln/runtime/executable.h"
#include "kiln/runtime/library.h"
#include "kiln/runtime/session.h"
#include "kiln/runtime/status.h"

#endif /* KILN_RUNTIME_API_H */
