"""TensorFlow's side of kiln's TFRecord / tf.train.Example interop tests.

  write-sample FILE [GZIP|ZLIB]   tf.io.TFRecordWriter writes the sample
                                  Examples kiln-records write-sample writes
                                  (deterministic serialization)
  dump FILE [GZIP|ZLIB]           read with tf.data.TFRecordDataset and print
                                  each Example as kiln-records dump does
  parse FILE [GZIP|ZLIB] -- SPEC  tf.io.parse_single_example with the spec
                                  kiln-records parse takes
                                  (--dense NAME:TYPE[:D1xD2][=V] --sparse
                                  NAME:TYPE); print as kiln-records does
  decode-csv FILE [GZIP|ZLIB] -- ARGS
                                  tf.data.TextLineDataset + tf.io.decode_csv
                                  with kiln-records decode-csv's arguments
                                  (TYPE[=DEFAULT] columns, --delimiter C,
                                  --no-quotes, --na-value S, --header N);
                                  print each line's values or "error"
  mnist FILE                      parse label/img_raw records, decode_raw the
                                  pixels; print the count, the first labels
                                  and the first image's pixel sum

The printed forms match tools/kiln-records/Commands.cpp so outputs diff.
"""
import sys

import numpy as np
import tensorflow as tf


def compression_arg(args):
    return args[0] if args and args[0] in ("GZIP", "ZLIB") else ""


def hexed(value):
    return value.hex() if value else "-"


def formatted(values, dtype):
    if dtype == "bytes":
        return "".join(" " + hexed(v) for v in values)
    if dtype == "float":
        return "".join(" %.9g" % v for v in values)
    return "".join(" %d" % v for v in values)


def sample_examples():
    f32max = float(np.finfo(np.float32).max)
    for i in range(5):
        feature = {
            "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[i])),
            "ids": tf.train.Feature(int64_list=tf.train.Int64List(
                value=[-1, 0, 2**63 - 1, -2**63, i * 1000])),
            "weights": tf.train.Feature(float_list=tf.train.FloatList(
                value=[0.5, -1.25, f32max, 1e-45, float("inf"), float(i)])),
            "img_raw": tf.train.Feature(bytes_list=tf.train.BytesList(
                value=[bytes(range(i * 16, i * 16 + 16))])),
            "tokens": tf.train.Feature(bytes_list=tf.train.BytesList(
                value=[b"", b"a", b"\0b", "\u00e9".encode()])),
            "empty": tf.train.Feature(float_list=tf.train.FloatList(value=[])),
            "unset": tf.train.Feature(),
        }
        if i % 2 == 1:
            feature["optional"] = tf.train.Feature(
                int64_list=tf.train.Int64List(value=[i]))
        yield tf.train.Example(features=tf.train.Features(feature=feature))


def write_sample(path, compression):
    options = tf.io.TFRecordOptions(compression_type=compression)
    with tf.io.TFRecordWriter(path, options) as writer:
        for example in sample_examples():
            writer.write(example.SerializeToString(deterministic=True))


def records(path, compression):
    return tf.data.TFRecordDataset([path], compression_type=compression)


def dump(path, compression):
    for index, record in enumerate(records(path, compression)):
        example = tf.train.Example.FromString(record.numpy())
        print("record %d" % index)
        for name in sorted(example.features.feature):
            feature = example.features.feature[name]
            kind = feature.WhichOneof("kind")
            if kind is None:
                print("  %s none:" % name)
                continue
            dtype = {"bytes_list": "bytes", "float_list": "float",
                     "int64_list": "int64"}[kind]
            print("  %s %s:%s" % (name, dtype,
                                  formatted(getattr(feature, kind).value, dtype)))


TYPES = {"int64": tf.int64, "float": tf.float32, "bytes": tf.string,
         "string": tf.string}


def parse_spec(args):
    dense, sparse = {}, {}
    for flag, arg in zip(args[0::2], args[1::2]):
        if flag == "--sparse":
            name, dtype = arg.split(":")
            sparse[name] = (dtype, tf.io.VarLenFeature(TYPES[dtype]))
            continue
        text, _, default = arg.partition("=")
        parts = text.split(":")
        name, dtype = parts[0], parts[1]
        shape = [int(d) for d in parts[2].split("x")] if len(parts) > 2 and parts[2] else []
        value = None
        if "=" in arg:
            items = default.split(",")
            if dtype == "int64":
                items = [int(v) for v in items]
            elif dtype == "float":
                items = [float(v) for v in items]
            else:
                items = [v.encode() for v in items]
            count = int(np.prod(shape)) if shape else 1
            value = np.reshape(items * count if len(items) == 1 else items, shape)
        dense[name] = (dtype, tf.io.FixedLenFeature(shape, TYPES[dtype], value))
    return dense, sparse


def values_of(tensor):
    return list(np.reshape(tensor.numpy(), [-1]))


def parse(path, compression, spec_args):
    dense, sparse = parse_spec(spec_args)
    spec = {name: f for name, (_, f) in {**dense, **sparse}.items()}
    for index, record in enumerate(records(path, compression)):
        parsed = tf.io.parse_single_example(record, spec)
        print("record %d" % index)
        for name in sorted(dense):
            dtype = dense[name][0]
            tensor = parsed[name]
            shape = "[" + ",".join(str(d) for d in tensor.shape) + "]"
            print("  dense %s %s %s:%s" % (name, "bytes" if dtype == "string" else dtype,
                                           shape, formatted(values_of(tensor), dtype)))
        for name in sorted(sparse):
            dtype = sparse[name][0]
            tensor = parsed[name]
            print("  sparse %s %s indices:%s values:%s dense_shape:%s" % (
                name, dtype, formatted(values_of(tensor.indices), "int64"),
                formatted(values_of(tensor.values), dtype),
                formatted(values_of(tensor.dense_shape), "int64")))


CSV_TYPES = {"int32": (tf.int32, int), "int64": (tf.int64, int),
             "float": (tf.float32, float), "double": (tf.float64, float),
             "string": (tf.string, str)}


def csv_value(value, dtype):
    if dtype in ("int32", "int64"):
        return "%d" % value
    if dtype == "float":
        return "%.9g" % value
    if dtype == "double":
        return "%.17g" % value
    return hexed(value)


def decode_csv(path, compression, args):
    types, defaults, options, header = [], [], {}, 0
    args = list(args)
    while args:
        arg = args.pop(0)
        if arg == "--no-quotes":
            options["use_quote_delim"] = False
        elif arg == "--delimiter":
            delimiter = args.pop(0)
            options["field_delim"] = "\t" if delimiter == "\\t" else delimiter
        elif arg == "--na-value":
            options["na_value"] = args.pop(0)
        elif arg == "--header":
            header = int(args.pop(0))
        else:
            dtype, has_default, default = arg.partition("=")
            tf_type, convert = CSV_TYPES[dtype]
            types.append(dtype)
            defaults.append(tf.constant([convert(default)] if has_default else [],
                                        tf_type))
    lines = tf.data.TextLineDataset([path], compression_type=compression)
    for number, line in enumerate(lines, start=1):
        if number <= header:
            continue
        try:
            values = tf.io.decode_csv(line, defaults, **options)
        except tf.errors.InvalidArgumentError:
            print("line %d: error" % number)
            continue
        print("line %d:%s" % (number, "".join(
            " " + csv_value(v.numpy(), t) for v, t in zip(values, types))))


def mnist(path):
    spec = {"label": tf.io.FixedLenFeature([], tf.int64),
            "img_raw": tf.io.FixedLenFeature([], tf.string)}
    labels, first_sum, count = [], None, 0
    for record in records(path, ""):
        parsed = tf.io.parse_single_example(record, spec)
        pixels = tf.io.decode_raw(parsed["img_raw"], tf.uint8)
        assert pixels.shape == (784,), pixels.shape
        if first_sum is None:
            first_sum = int(tf.reduce_sum(tf.cast(pixels, tf.int64)))
        if count < 10:
            labels.append(int(parsed["label"]))
        count += 1
    print("examples:", count)
    print("first labels:", " ".join(str(v) for v in labels))
    print("first image pixel sum:", first_sum)


def main(argv):
    command, path, rest = argv[1], argv[2], argv[3:]
    compression = compression_arg(rest)
    if command == "write-sample":
        write_sample(path, compression)
    elif command == "dump":
        dump(path, compression)
    elif command == "parse":
        parse(path, compression, rest[rest.index("--") + 1:])
    elif command == "decode-csv":
        decode_csv(path, compression, rest[rest.index("--") + 1:])
    elif command == "mnist":
        mnist(path)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
