//! Page furniture on the server: what a publisher learned from its inputs,
//! stored once in an object bucket under its content hash, and loaded by
//! the workers that analyse those inputs' records.

use async_nats::jetstream::object_store::{self, InfoErrorKind, ObjectStore};
use filrouge::furniture::CollectionFurniture;
use tokio::io::AsyncReadExt;

use crate::{Queue, QueueError};

/// The object name of serialised furniture: the first 128 bits of its
/// BLAKE3 hash, in hex (the same furniture, the same name).
pub fn furniture_name(bytes: &[u8]) -> String {
    let hex = blake3::hash(bytes).to_hex();
    hex.as_str().get(..32).unwrap_or(hex.as_str()).to_string()
}

impl Queue {
    /// The furniture bucket, created when missing.
    pub(crate) fn ensure_bucket(&self) -> Result<ObjectStore, QueueError> {
        let bucket = self.names.furniture_bucket();
        if let Ok(store) = self.block_on(self.js.get_object_store(&bucket)) {
            return Ok(store);
        }
        let config = object_store::Config {
            bucket: bucket.clone(),
            description: Some("page furniture learned by filrouge publishers".into()),
            ..Default::default()
        };
        self.block_on(self.js.create_object_store(config))
            .map_err(self.error(format!("creating object bucket {bucket}")))
    }

    /// Stores `furniture` in the bucket (unless it is there already) and
    /// returns its name; `None` when nothing was learned.
    pub fn put_furniture(
        &self,
        furniture: &CollectionFurniture,
    ) -> Result<Option<String>, QueueError> {
        if furniture.is_empty() {
            return Ok(None);
        }
        let bytes = serde_json::to_vec(furniture).map_err(|cause| QueueError::Encode {
            url: self.url.clone(),
            what: "page furniture".into(),
            cause,
        })?;
        let name = furniture_name(&bytes);
        let store = self.ensure_bucket()?;
        let bucket = self.names.furniture_bucket();
        match self.block_on(store.info(&name)) {
            Ok(info) if !info.deleted => return Ok(Some(name)),
            _ => {}
        }
        self.block_on(store.put(name.as_str(), &mut bytes.as_slice()))
            .map_err(self.error(format!("storing page furniture {name} in bucket {bucket}")))?;
        Ok(Some(name))
    }

    /// The furniture stored as `name`: `Ok(Err(reason))` when the bucket
    /// lacks it or it does not decode (its records cannot be analysed as
    /// published, however often they are delivered).
    pub fn get_furniture(
        &self,
        name: &str,
    ) -> Result<Result<CollectionFurniture, String>, QueueError> {
        let bucket = self.names.furniture_bucket();
        let missing = || {
            Ok(Err(format!(
                "page furniture {name} is not in bucket {bucket}"
            )))
        };
        let Ok(store) = self.block_on(self.js.get_object_store(&bucket)) else {
            return missing();
        };
        match self.block_on(store.info(name)) {
            Ok(info) if !info.deleted => {}
            Ok(_) => return missing(),
            Err(e) if e.kind() == InfoErrorKind::NotFound => return missing(),
            Err(e) => return Err(self.error(format!("reading bucket {bucket}"))(e)),
        }
        let bytes = self
            .block_on(async {
                let mut object = store.get(name).await?;
                let mut bytes = Vec::new();
                object.read_to_end(&mut bytes).await?;
                Ok::<_, async_nats::Error>(bytes)
            })
            .map_err(self.error(format!(
                "reading page furniture {name} from bucket {bucket}"
            )))?;
        if furniture_name(&bytes) != name {
            return Ok(Err(format!(
                "page furniture {name} in bucket {bucket} does not match its name"
            )));
        }
        Ok(serde_json::from_slice(&bytes)
            .map_err(|e| format!("page furniture {name} in bucket {bucket} does not decode: {e}")))
    }
}
