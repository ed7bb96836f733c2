"""The IDX file format, the container MNIST ships in, read and written with NumPy alone.

An IDX file is a tiny header followed by one big array, all big-endian:

    bytes 0-1   two zero bytes
    byte  2     the element type:  0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64
    byte  3     the number of dimensions d
    then        d sizes, each an unsigned 32-bit big-endian integer
    then        prod(sizes) elements of the given type, big-endian, row-major (C order)

So ``train-images-idx3-ubyte`` starts with 00 00 08 03 (uint8, 3 dimensions) and the sizes 60000, 28, 28.
Files ending in ``.gz`` are decompressed on the fly. Nothing here unpickles anything: the header is parsed
by hand and the body is handed to ``np.frombuffer``.
"""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path
from typing import Union

import numpy as np

__all__ = ["IDXFormatError", "IDX_DTYPES", "parse_idx", "read_idx", "read_bytes", "write_idx"]

PathLike = Union[str, "os.PathLike[str]"]

#: IDX type code -> big-endian NumPy dtype of one element.
IDX_DTYPES: dict[int, np.dtype] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}

_HEADER_BYTES = 4  # two zero bytes, the type code, the number of dimensions
_SIZE_BYTES = 4  # each dimension's size is an unsigned 32-bit integer


class IDXFormatError(ValueError):
    """The bytes are not a well-formed IDX file; the message names the file and what was wrong."""


def parse_idx(data: bytes, source: str = "<bytes>") -> np.ndarray:
    """Turn the bytes of an IDX file into an array.

    Args:
        data: the whole (already decompressed) file content.
        source: a name for error messages, usually the file's path.

    Returns:
        A read-only array of shape ``(size_1, ..., size_d)`` in the native byte order of this machine
        (uint8 for MNIST). It shares memory with ``data`` when no byte swap was needed, hence read-only.

    Raises:
        IDXFormatError: on a bad magic number, an unknown type code, or a body that is shorter or longer
            than the header promises (a truncated download, for instance).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    data = bytes(data)
    if len(data) < _HEADER_BYTES:
        raise IDXFormatError(
            f"{source}: not an IDX file: only {len(data)} byte(s), but the header alone needs {_HEADER_BYTES}"
        )
    if data[0] != 0 or data[1] != 0:
        hint = " (it looks gzip-compressed: decompress it first)" if data[:2] == b"\x1f\x8b" else ""
        raise IDXFormatError(
            f"{source}: not an IDX file: the magic number must start with two zero bytes, "
            f"got {data[:4].hex(' ')}{hint}"
        )
    type_code, ndim = data[2], data[3]
    if type_code not in IDX_DTYPES:
        known = ", ".join(f"0x{code:02X}" for code in IDX_DTYPES)
        raise IDXFormatError(f"{source}: unknown IDX type code 0x{type_code:02X}; expected one of {known}")
    if ndim == 0:
        raise IDXFormatError(f"{source}: the header says 0 dimensions; an IDX file holds at least 1-D data")

    body_start = _HEADER_BYTES + _SIZE_BYTES * ndim
    if len(data) < body_start:
        raise IDXFormatError(
            f"{source}: truncated header: {ndim} dimension sizes need {body_start} bytes, "
            f"but the file has only {len(data)}"
        )
    shape = tuple(int(size) for size in np.frombuffer(data, dtype=">u4", count=ndim, offset=_HEADER_BYTES))

    dtype = IDX_DTYPES[type_code]
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    actual = len(data) - body_start
    if actual != expected:
        problem = "truncated" if actual < expected else "has trailing bytes"
        raise IDXFormatError(
            f"{source}: the file is {problem}: the header promises shape {shape} of {dtype.name} "
            f"({expected} bytes of data) but {actual} bytes follow the header"
        )

    array = np.frombuffer(data, dtype=dtype, offset=body_start).reshape(shape)
    if dtype.itemsize > 1:
        # IDX is big-endian; convert once so downstream arithmetic runs at native speed.
        array = array.astype(dtype.newbyteorder("="))
    array.flags.writeable = False
    return array


def read_bytes(path: PathLike) -> bytes:
    """Return the content of ``path``, decompressed when its name ends in ``.gz``.

    Raises:
        FileNotFoundError: when the file is missing.
        IDXFormatError: when a ``.gz`` file is not valid gzip or is cut short.
    """
    path = Path(path)
    raw = path.read_bytes()
    if path.suffix != ".gz":
        return raw
    try:
        # zlib with wbits=16+MAX_WBITS reads the gzip wrapper and is quicker than gzip.open().read().
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        content = decompressor.decompress(raw) + decompressor.flush()
    except zlib.error as error:
        raise IDXFormatError(f"{path}: not a valid gzip file ({error}); delete it, fetch it again") from error
    if not decompressor.eof:
        raise IDXFormatError(f"{path}: the gzip stream is truncated (the file was cut short); fetch it again")
    return content


def read_idx(path: PathLike) -> np.ndarray:
    """Read an IDX file (optionally ``.gz``) into a read-only NumPy array; see :func:`parse_idx`."""
    return parse_idx(read_bytes(path), source=str(path))


def write_idx(path: PathLike, array: np.ndarray) -> None:
    """Write ``array`` as an IDX file (gzip-compressed when ``path`` ends in ``.gz``).

    The inverse of :func:`read_idx`; handy for tests and for saving small data sets in MNIST's format.
    The array's dtype must be one IDX can hold (uint8, int8, int16, int32, float32, float64).
    """
    array = np.asarray(array)
    if array.ndim == 0 or array.ndim > 255:
        raise ValueError(f"array must have 1 to 255 dimensions, got shape {array.shape}")
    codes = {dtype.newbyteorder("="): code for code, dtype in IDX_DTYPES.items()}
    native = array.dtype.newbyteorder("=")
    if native not in codes:
        allowed = ", ".join(str(d.newbyteorder("=")) for d in IDX_DTYPES.values())
        raise TypeError(f"array dtype {array.dtype} cannot be stored in IDX; expected one of {allowed}")
    header = bytes([0, 0, codes[native], array.ndim]) + np.asarray(array.shape, dtype=">u4").tobytes()
    content = header + np.ascontiguousarray(array, dtype=native.newbyteorder(">")).tobytes()
    path = Path(path)
    if path.suffix == ".gz":
        # mtime=0 makes the bytes reproducible, so a written file has a stable hash.
        content = gzip.compress(content, mtime=0)
    path.write_bytes(content)
