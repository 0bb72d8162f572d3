//===- PlaceOps.cpp - a device for every kiln op --------------------------===//

#include "compiler/Transforms/Passes.h"

#include "compiler/Target/TargetRegistry.h"
#include "dialects/Kiln/IR/KilnOps.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

#define DEBUG_TYPE "kiln-place-ops"

namespace kiln {
#define GEN_PASS_DEF_PLACEOPSPASS
#include "compiler/Transforms/Passes.h.inc"
} // namespace kiln

using namespace mlir;
using namespace kiln;

namespace {

struct Device {
  std::string job = "localhost";
  int replica = 0, task = 0;
  std::string type;
  int index = 0;

  std::string str() const {
    return "/job:" + job + "/replica:" + std::to_string(replica) +
           "/task:" + std::to_string(task) + "/device:" + type + ":" +
           std::to_string(index);
  }
};

/// Parses TensorFlow's device names: "/cpu:0", "/gpu:1", "/device:GPU:0",
/// "/job:localhost/replica:0/task:0/device:CPU:0" and partial forms (a
/// form naming no device type means `host`'s).
std::optional<Device> parseDevice(llvm::StringRef text, const Device &host) {
  Device device = host;
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, '/', -1, /*KeepEmpty=*/false);
  if (parts.empty())
    return std::nullopt;
  auto parseIndex = [](llvm::StringRef number, int &out) {
    return !number.getAsInteger(10, out) && out >= 0;
  };
  for (llvm::StringRef part : parts) {
    auto [key, value] = part.split(':');
    if (key == "job" && !value.empty()) {
      device.job = value.str();
    } else if (key == "replica") {
      if (!parseIndex(value, device.replica))
        return std::nullopt;
    } else if (key == "task") {
      if (!parseIndex(value, device.task))
        return std::nullopt;
    } else if (key == "device") {
      auto [type, index] = value.split(':');
      device.type = type.upper();
      if (!parseIndex(index.empty() ? "0" : index, device.index))
        return std::nullopt;
    } else if (key.equals_insensitive("cpu") || key.equals_insensitive("gpu")) {
      device.type = key.upper();
      if (!parseIndex(value.empty() ? "0" : value, device.index))
        return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  if (device.type != "CPU" && device.type != "GPU")
    return std::nullopt;
  return device;
}

std::string displayName(Operation *op) {
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    return name.getName().str();
  return op->getName().stripDialect().str();
}

struct PlaceOpsPass : public kiln::impl::PlaceOpsPassBase<PlaceOpsPass> {
  using PlaceOpsPassBase::PlaceOpsPassBase;

  LogicalResult initialize(MLIRContext *ctx) override {
    std::vector<std::string> names(targets.begin(), targets.end());
    if (names.empty())
      names.push_back(kDefaultTargetName);
    placementTargets.clear();
    for (const std::string &name : names) {
      std::optional<TargetSpec> spec = TargetSpec::parse(name);
      Status status = spec ? Status()
                           : invalidArgument("target '" + name +
                                             "' expects NAME[:CHIP]");
      std::unique_ptr<Target> target;
      if (status.ok())
        status = createTarget(*spec, target);
      if (!status.ok())
        return emitError(UnknownLoc::get(ctx))
               << "kiln-place-ops: " << status.message();
      placementTargets.push_back(std::move(target));
    }
    return success();
  }

  /// The target serving `device`, when it is a local device one has.
  const Target *targetFor(const Device &device) const {
    if (device.job != "localhost" || device.replica != 0 || device.task != 0)
      return nullptr;
    for (const auto &target : placementTargets)
      if (target->deviceType().equals_insensitive(device.type) &&
          device.index < target->deviceCount())
        return target.get();
    return nullptr;
  }

  void runOnOperation() override {
    Device host;
    host.type = placementTargets.front()->deviceType().upper();
    MLIRContext *ctx = &getContext();
    // Devices asked for that no target here has, and how many ops asked:
    // soft placement says once that they run on the host instead.
    std::map<std::string, int> missingDevices;
    auto placedAttr = [&](const Device &device) {
      return DeviceAttr::get(ctx, device.type, device.index);
    };
    WalkResult walk = getOperation().walk([&](Operation *op) {
      // A copy's device is where it moves its input: already placed.
      if (!isa<KilnDialect>(op->getDialect()) || isa<YieldOp, CopyOp>(op) ||
          getPlacedDevice(op))
        return WalkResult::advance();
      Device placed = host;
      if (auto requested = op->getAttrOfType<StringAttr>(kDeviceAttrName);
          requested && !requested.getValue().empty()) {
        std::optional<Device> device = parseDevice(requested.getValue(), host);
        if (!device) {
          op->emitOpError("has a malformed device '") << requested.getValue()
                                                      << "'";
          return WalkResult::interrupt();
        }
        const Target *target = targetFor(*device);
        if (target && target->hasKernel(op)) {
          placed = *device;
        } else if (softPlacement) {
          if (!target)
            ++missingDevices[device->str()];
        } else {
          op->emitOpError("has no kernel on device '")
              << device->str() << "' (requested as '" << requested.getValue()
              << "'); enable soft placement to run it on "
              << host.str();
          return WalkResult::interrupt();
        }
      }
      op->setAttr(kDeviceAttrName, placedAttr(placed));
      if (logDevicePlacement)
        llvm::errs() << displayName(op) << ": (" << op->getName() << "): "
                     << placed.str() << "\n";
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    for (const auto &[device, ops] : missingDevices)
      llvm::errs() << "kiln: " << ops << (ops == 1 ? " op asks" : " ops ask")
                   << " for " << device
                   << ", which this process does not have; soft placement "
                      "runs "
                   << (ops == 1 ? "it" : "them") << " on " << host.str()
                   << "\n";
    insertCopies(placedAttr(host));
  }

  /// Makes every move between devices explicit: an op that uses a value
  /// produced on another device (function arguments live on the host)
  /// reads it through a kiln.copy to its own device, and values returned
  /// from another device are copied to the host. One copy per value and
  /// destination, right after the value is produced.
  void insertCopies(DeviceAttr host) {
    getOperation().walk([&](func::FuncOp func) {
      if (func.isExternal())
        return;
      llvm::DenseMap<std::pair<Value, Attribute>, Value> copies;
      auto moved = [&](Value value, DeviceAttr to) -> Value {
        DeviceAttr from = isa<BlockArgument>(value) ? host : getPlacedDevice(value);
        if (!isa<RankedTensorType>(value.getType()) || !from || from == to)
          return value;
        Value &copy = copies[{value, to}];
        if (!copy) {
          OpBuilder b(func.getContext());
          if (Operation *producer = value.getDefiningOp())
            b.setInsertionPointAfter(producer);
          else
            b.setInsertionPointToStart(cast<BlockArgument>(value).getOwner());
          copy = CopyOp::create(b, value.getLoc(), value.getType(), value, to);
        }
        return copy;
      };
      func.walk([&](Operation *op) {
        DeviceAttr to = isa<func::ReturnOp>(op) ? host : getPlacedDevice(op);
        if (!to || isa<CopyOp>(op))
          return;
        for (OpOperand &operand : op->getOpOperands())
          operand.set(moved(operand.get(), to));
      });
    });
  }

  /// The targets of the `targets` option, the host first.
  std::vector<std::shared_ptr<const Target>> placementTargets;
};

} // namespace
